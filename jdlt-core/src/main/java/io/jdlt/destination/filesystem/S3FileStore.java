package io.jdlt.destination.filesystem;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Files in an S3-compatible bucket, under a prefix ({@code <path in the bucket>/<dataset>/}). Every put replaces the
 * object whole, so a reader never sees half a file.
 */
final class S3FileStore implements FileStore, AutoCloseable {

    private final S3Client client;
    private final String bucket;
    private final String prefix;

    S3FileStore(S3Settings settings, String bucket, String prefix) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(settings.region()))
                .credentialsProvider(settings.accessKeyId() == null ? DefaultCredentialsProvider.builder().build()
                        : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId(),
                                settings.secretAccessKey() == null ? "" : settings.secretAccessKey())));
        if (settings.endpoint() != null) {
            // S3-compatible servers address buckets by path, not by host name
            builder.endpointOverride(settings.endpoint()).forcePathStyle(true);
        }
        this.client = builder.build();
        this.bucket = bucket;
        this.prefix = prefix;
    }

    @Override
    public void put(String key, Path file) {
        client.putObject(request -> request.bucket(bucket).key(prefix + key), RequestBody.fromFile(file));
    }

    @Override
    public void putText(String key, String text) {
        client.putObject(request -> request.bucket(bucket).key(prefix + key),
                RequestBody.fromString(text, StandardCharsets.UTF_8));
    }

    @Override
    public Optional<String> readText(String key) {
        try {
            return Optional.of(client.getObjectAsBytes(request -> request.bucket(bucket).key(prefix + key))
                    .asString(StandardCharsets.UTF_8));
        }
        catch (NoSuchKeyException missing) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> list(String keyPrefix) {
        List<String> keys = new ArrayList<>();
        for (S3Object object : client.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix + keyPrefix))
                .contents()) {
            keys.add(object.key().substring(prefix.length()));
        }
        keys.sort(String::compareTo);
        return keys;
    }

    @Override
    public void delete(String key) {
        client.deleteObject(request -> request.bucket(bucket).key(prefix + key));
    }

    @Override
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public void close() {
        client.close();
    }
}
