package io.jdlt.destination.filesystem;

import java.net.URI;
import java.nio.file.Path;

import io.jdlt.common.TerminalException;
import io.jdlt.destination.Destination;
import io.jdlt.destination.DestinationContext;
import io.jdlt.destination.DestinationFactory;

/**
 * Creates {@code filesystem} destinations from dlt's settings: {@code bucket_url} (a local path, {@code file:///…}
 * or {@code s3://bucket/path}), {@code layout}, and for S3 {@code credentials.aws_access_key_id},
 * {@code credentials.aws_secret_access_key}, {@code credentials.region_name}, {@code credentials.endpoint_url}.
 */
public final class FilesystemDestinationFactory implements DestinationFactory {

    @Override
    public String name() {
        return FilesystemDestination.NAME;
    }

    @Override
    public Destination create(DestinationContext context) {
        String bucketUrl = context.setting("bucket_url");
        if (bucketUrl == null || bucketUrl.isBlank()) {
            throw new TerminalException("destination filesystem needs destination.filesystem.bucket_url, a folder "
                    + "such as file:///var/data/lake");
        }
        FilesystemDestination destination;
        if (bucketUrl.startsWith("s3://")) {
            S3Settings settings = S3Settings.defaults();
            String region = context.setting("credentials.region_name");
            if (region != null) {
                settings = settings.withRegion(region);
            }
            String endpoint = context.setting("credentials.endpoint_url");
            if (endpoint != null) {
                settings = settings.withEndpoint(URI.create(endpoint));
            }
            String accessKey = context.setting("credentials.aws_access_key_id");
            if (accessKey != null) {
                String secretKey = context.setting("credentials.aws_secret_access_key");
                if (secretKey == null) {
                    throw new io.jdlt.common.TerminalException("destination filesystem: credentials.aws_access_key_id "
                            + "is set but credentials.aws_secret_access_key is not; set both, or neither to use the "
                            + "AWS SDK's default credentials");
                }
                settings = settings.withKeys(accessKey, secretKey);
            }
            destination = FilesystemDestination.s3(bucketUrl, settings);
        }
        else {
            Path bucket = bucketUrl.startsWith("file:") ? Path.of(URI.create(bucketUrl)) : Path.of(bucketUrl);
            destination = FilesystemDestination.local(bucket);
        }
        String layout = context.setting("layout");
        return layout == null ? destination : destination.withLayout(layout);
    }
}
