package io.jdlt.destination;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;

import io.jdlt.schema.Schema;

/**
 * Loads packages into one dataset of a destination. Closing it releases its connection.
 */
public interface JobClient extends AutoCloseable {

    /** Whether the package's {@code _dlt_loads} row exists, i.e. the package was committed earlier. */
    boolean isCommitted(String loadId);

    /**
     * Loads a whole package: migrates the dataset to {@code schema} (once per schema version), writes every job
     * file with its table's write disposition, and writes the {@code _dlt_loads} row last. On a destination that
     * supports transactions, all of it commits together or not at all.
     *
     * @param createdAt when the package was created: scd2's default boundary timestamp
     * @param jobs the job files, in load order
     * @param listener told when each job starts, so that the caller can move its file
     * @throws JobFailedException when a job's data is rejected; nothing of the package is committed
     */
    void loadPackage(String loadId, OffsetDateTime createdAt, Schema schema, List<Path> jobs, JobListener listener);

    @Override
    void close();

    /** Hears about job progress inside {@link #loadPackage}. */
    interface JobListener {

        /** The job is about to run; returns the path it runs from. */
        Path started(Path job);
    }
}
