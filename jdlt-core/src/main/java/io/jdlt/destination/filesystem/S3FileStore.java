package io.jdlt.destination.filesystem;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.jdlt.common.JdltException;
import io.jdlt.common.TerminalException;
import io.jdlt.common.TransientException;
import io.jdlt.storage.IoErrors;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Files in an S3-compatible bucket, under a prefix ({@code <path in the bucket>/<dataset>/}). Every put replaces the
 * object whole, so a reader never sees half a file. A failure is a {@link JdltException} naming the bucket, the key
 * and the operation: transient when S3 is busy or out of reach (5xx, 429, SlowDown and other throttling, a
 * connection or timeout failure), terminal when the same request fails the same way (403 AccessDenied, 404
 * NoSuchBucket, 400, a wrong region, no credentials).
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

    // S3's error codes for a request it refused for now, whatever the status says
    private static final java.util.Set<String> BUSY_ERROR_CODES = java.util.Set.of("SlowDown", "Throttling",
            "ThrottlingException", "RequestTimeout", "RequestTimeTooSkewed", "InternalError", "ServiceUnavailable");

    @Override
    public void put(String key, Path file) {
        call("upload", key, () -> client.putObject(request -> request.bucket(bucket).key(prefix + key),
                RequestBody.fromFile(file)));
    }

    @Override
    public void putText(String key, String text) {
        call("upload", key, () -> client.putObject(request -> request.bucket(bucket).key(prefix + key),
                RequestBody.fromString(text, StandardCharsets.UTF_8)));
    }

    @Override
    public Optional<String> readText(String key) {
        return call("read", key, () -> {
            try {
                return Optional.of(client.getObjectAsBytes(request -> request.bucket(bucket).key(prefix + key))
                        .asString(StandardCharsets.UTF_8));
            }
            catch (NoSuchKeyException missing) {
                return Optional.empty();
            }
        });
    }

    @Override
    public List<String> list(String keyPrefix) {
        return call("list", keyPrefix + "*", () -> {
            List<String> keys = new ArrayList<>();
            for (S3Object object : client.listObjectsV2Paginator(request -> request.bucket(bucket)
                    .prefix(prefix + keyPrefix)).contents()) {
                keys.add(object.key().substring(prefix.length()));
            }
            keys.sort(String::compareTo);
            return keys;
        });
    }

    @Override
    public void delete(String key) {
        call("delete", key, () -> client.deleteObject(request -> request.bucket(bucket).key(prefix + key)));
    }

    /** Runs one S3 request; the SDK's failure becomes a jdlt error of its kind. */
    private <T> T call(String action, String key, java.util.function.Supplier<T> request) {
        try {
            return request.get();
        }
        catch (SdkException ex) {
            throw failure(action, key, ex);
        }
    }

    private JdltException failure(String action, String key, SdkException ex) {
        String what = "Filesystem destination: cannot " + action + " s3://" + bucket + "/" + prefix + key + " (bucket '"
                + bucket + "')";
        if (ex instanceof AwsServiceException service) {
            int status = service.statusCode();
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            String said = ": S3 answered " + status + (code == null ? "" : " " + code) + " ("
                    + (service.awsErrorDetails() == null ? ex.getMessage() : service.awsErrorDetails().errorMessage())
                    + ")";
            if (status >= 500 || status == 429 || (code != null && BUSY_ERROR_CODES.contains(code))
                    || service.isThrottlingException()) {
                return new TransientException(what + said + ". S3 is busy or failing; a later run may succeed.", ex);
            }
            return new TerminalException(what + said + ". " + hint(status, code), ex);
        }
        String said = ": " + ex.getMessage();
        // a client-side failure is transient only when the network or a timeout caused it; a missing credential,
        // region or endpoint fails the same way next time (even when looking for credentials hit the network)
        boolean noCredentials = ex.getMessage() != null && ex.getMessage().contains("Unable to load credentials");
        if (ex instanceof SdkClientException && !noCredentials && (IoErrors.isTransient(ex) || hasIoCause(ex))) {
            return new TransientException(what + said + ". S3 is out of reach; a later run may succeed.", ex);
        }
        return new TerminalException(what + said + ". Check the credentials, region and endpoint.", ex);
    }

    private static String hint(int status, @Nullable String code) {
        if (status == 403) {
            return "Check that the credentials are valid and may read, write, list and delete in the bucket";
        }
        if ("NoSuchBucket".equals(code) || status == 404) {
            return "Check the bucket name in bucket_url and that the bucket exists in the configured region";
        }
        if (status == 301 || "PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)) {
            return "Check the region (and endpoint) configured for the bucket";
        }
        return "Check the bucket_url, region, endpoint and credentials; retrying does not help until they change";
    }

    private static boolean hasIoCause(Throwable ex) {
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.IOException) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
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
