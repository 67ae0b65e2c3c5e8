package io.jdlt.destination.filesystem;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Set;

import io.jdlt.common.TerminalException;
import io.jdlt.common.TransientException;
import io.jdlt.destination.Destination;
import io.jdlt.destination.DestinationCapabilities;
import io.jdlt.destination.JobClient;
import io.jdlt.destination.ReplaceStrategy;
import io.jdlt.destination.RunLock;
import io.jdlt.destination.RunLocks;
import io.jdlt.destination.StagingArea;
import io.jdlt.storage.JobFileName;
import org.jspecify.annotations.Nullable;

/**
 * The filesystem destination: a dataset is a folder ({@code <bucket_url>/<dataset_name>/}) of data files laid out
 * by {@link FileLayout}, plus dlt's own tables as files, so that another run on a fresh machine restores from it.
 */
public final class FilesystemDestination implements Destination, StagingArea {

    public static final String NAME = "filesystem";

    private static final DestinationCapabilities CAPABILITIES = new DestinationCapabilities(0, Set.of(),
            Set.of(ReplaceStrategy.TRUNCATE_AND_INSERT), true,
            java.util.List.of(io.jdlt.format.LoaderFileFormat.JSONL, io.jdlt.format.LoaderFileFormat.CSV,
                    io.jdlt.format.LoaderFileFormat.PARQUET));

    private final String location;
    private final java.util.function.Function<String, FileStore> stores;
    private final FileLayout layout;
    private final @Nullable Path localRoot;

    private FilesystemDestination(String location, java.util.function.Function<String, FileStore> stores,
            FileLayout layout, @Nullable Path localRoot) {
        this.localRoot = localRoot;
        this.location = location;
        this.stores = stores;
        this.layout = layout;
    }

    /** Files under a local folder, dlt's {@code bucket_url = "file:///…"} or a plain path. */
    public static FilesystemDestination local(Path bucket) {
        Path root = Objects.requireNonNull(bucket, "bucket").toAbsolutePath().normalize();
        return new FilesystemDestination(root.toUri().toString(), dataset -> new LocalFileStore(root.resolve(dataset)),
                FileLayout.of(FileLayout.DEFAULT), root);
    }

    /**
     * Files in an S3 or S3-compatible bucket: dlt's {@code bucket_url = "s3://bucket/optional/path"}. Needs
     * {@code software.amazon.awssdk:s3} and {@code url-connection-client} on the class path.
     */
    public static FilesystemDestination s3(String bucketUrl, S3Settings settings) {
        if (!bucketUrl.startsWith("s3://") || bucketUrl.length() <= "s3://".length()) {
            throw new IllegalArgumentException("bucket_url '" + bucketUrl + "' is not an s3://bucket/path URL");
        }
        String rest = bucketUrl.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1).replaceAll("/+$", "");
        String base = path.isEmpty() ? "" : path + "/";
        return new FilesystemDestination("s3://" + bucket + "/" + base,
                dataset -> new S3FileStore(settings, bucket, base + dataset + "/"), FileLayout.of(FileLayout.DEFAULT),
                null);
    }

    /** dlt's {@code layout}, e.g. {@code {table_name}/{YYYY}/{MM}/{DD}/{load_id}.{file_id}.{ext}}. */
    public FilesystemDestination withLayout(String layoutPattern) {
        return new FilesystemDestination(location, stores, FileLayout.of(layoutPattern), localRoot);
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * In a local folder, also an OS lock on {@code <dataset>/_jdlt_locks/<pipeline>.lock}, so that processes sharing
     * the folder exclude each other; the OS releases it when a process dies. An S3 bucket has no such lock: there
     * the lock holds within the JVM only.
     */
    @Override
    public java.util.Optional<RunLock> tryLockRun(String datasetName, String pipelineName) {
        if (localRoot == null) {
            return RunLocks.tryInProcess(RunLocks.key(this, datasetName, pipelineName));
        }
        Path lockFile;
        String place;
        try {
            lockFile = java.nio.file.Files.createDirectories(localRoot.resolve(datasetName).resolve("_jdlt_locks"))
                    .resolve(pipelineName + ".lock");
            // the folder's real path: two spellings of one folder are one lock (the JVM allows one file lock per file)
            place = localRoot.toRealPath().toString();
        }
        catch (java.io.IOException ex) {
            throw new TransientException("Cannot create the run lock folder in " + localRoot + ": " + ex.getMessage(),
                    ex);
        }
        return RunLocks.tryInProcessThen(RunLocks.key(NAME, place, datasetName, pipelineName),
                () -> tryFileLock(lockFile));
    }

    private static java.util.Optional<RunLock> tryFileLock(Path lockFile) {
        java.nio.channels.FileChannel channel = null;
        try {
            channel = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.WRITE);
            java.nio.channels.FileLock fileLock = channel.tryLock();
            if (fileLock == null) {
                channel.close();
                return java.util.Optional.empty();
            }
            java.nio.channels.FileChannel held = channel;
            return java.util.Optional.of(() -> {
                try (held) {
                    fileLock.release();
                }
                catch (java.io.IOException ex) {
                    // closing the channel releases the lock as well
                }
            });
        }
        catch (java.io.IOException | RuntimeException ex) {
            if (channel != null) {
                try {
                    channel.close();
                }
                catch (java.io.IOException closing) {
                    ex.addSuppressed(closing);
                }
            }
            throw new TransientException("Cannot take the run lock " + lockFile + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public DestinationCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public JobClient openClient(String datasetName) {
        return new FilesystemJobClient(stores.apply(datasetName), layout);
    }

    /**
     * As a staging area, a local folder keeps the job files in the layout, and the destination loads them from
     * there. Buckets cannot be staging for destinations that read local files.
     */
    @Override
    public Path stage(String dataset, String schemaName, String loadId, Path job, OffsetDateTime createdAt) {
        FileStore store = stores.apply(dataset);
        if (!(store instanceof LocalFileStore local)) {
            throw new TerminalException("staging at " + location + " is not a local folder; DuckDB and "
                    + "PostgreSQL load staged files from a local folder");
        }
        JobFileName name = JobFileName.parse(job.getFileName().toString());
        String key = layout.render(schemaName, name.tableName(), loadId, name.fileId(),
                name.format() + (name.compressed() ? ".gz" : ""), createdAt);
        local.put(key, job);
        return local.path(key);
    }

    @Override
    public String toString() {
        return "filesystem:" + location();
    }
}
