package io.jdlt.destination.filesystem;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * How to reach an S3-compatible bucket, with dlt's setting names ({@code credentials.aws_access_key_id},
 * {@code credentials.aws_secret_access_key}, {@code credentials.region_name}, {@code credentials.endpoint_url}).
 * Without keys, the AWS SDK's default credentials chain is used. {@link #toString()} never shows the secret.
 *
 * @param endpoint an S3-compatible server (MinIO, S3Mock, …); {@code null} for AWS itself
 * @param region the region, {@code us-east-1} by default
 * @param accessKeyId the access key, or {@code null} for the default chain
 * @param secretAccessKey the secret key
 */
public record S3Settings(@Nullable URI endpoint, String region, @Nullable String accessKeyId,
        @Nullable String secretAccessKey) {

    public static S3Settings defaults() {
        return new S3Settings(null, "us-east-1", null, null);
    }

    public S3Settings withEndpoint(URI serverEndpoint) {
        return new S3Settings(serverEndpoint, region, accessKeyId, secretAccessKey);
    }

    public S3Settings withRegion(String regionName) {
        return new S3Settings(endpoint, regionName, accessKeyId, secretAccessKey);
    }

    public S3Settings withKeys(String accessKey, String secretKey) {
        return new S3Settings(endpoint, region, accessKey, secretKey);
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", accessKeyId=" + accessKeyId
                + (secretAccessKey == null ? "" : ", secretAccessKey=***") + "]";
    }
}
