package io.jdlt.destination.filesystem;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

import io.jdlt.destination.Destination;
import io.jdlt.destination.DestinationCapabilities;
import io.jdlt.destination.JobClient;
import io.jdlt.destination.ReplaceStrategy;

/**
 * The filesystem destination: a dataset is a folder ({@code <bucket_url>/<dataset_name>/}) of data files laid out
 * by {@link FileLayout}, plus dlt's own tables as files, so that another run on a fresh machine restores from it.
 */
public final class FilesystemDestination implements Destination {

    public static final String NAME = "filesystem";

    private static final DestinationCapabilities CAPABILITIES = new DestinationCapabilities(0, Set.of(),
            Set.of(ReplaceStrategy.TRUNCATE_AND_INSERT), true,
            java.util.List.of(io.jdlt.storage.LoaderFileFormat.JSONL, io.jdlt.storage.LoaderFileFormat.CSV));

    private final Path bucket;
    private final FileLayout layout;

    private FilesystemDestination(Path bucket, FileLayout layout) {
        this.bucket = bucket.toAbsolutePath().normalize();
        this.layout = layout;
    }

    /** Files under a local folder, dlt's {@code bucket_url = "file:///…"} or a plain path. */
    public static FilesystemDestination local(Path bucket) {
        return new FilesystemDestination(Objects.requireNonNull(bucket, "bucket"), FileLayout.of(FileLayout.DEFAULT));
    }

    /** dlt's {@code layout}, e.g. {@code {table_name}/{YYYY}/{MM}/{DD}/{load_id}.{file_id}.{ext}}. */
    public FilesystemDestination withLayout(String layoutPattern) {
        return new FilesystemDestination(bucket, FileLayout.of(layoutPattern));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DestinationCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public String location() {
        return bucket.toUri().toString();
    }

    @Override
    public JobClient openClient(String datasetName) {
        return new FilesystemJobClient(new LocalFileStore(bucket.resolve(datasetName)), layout);
    }

    @Override
    public String toString() {
        return "filesystem:" + location();
    }
}
