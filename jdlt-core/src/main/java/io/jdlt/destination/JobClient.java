package io.jdlt.destination;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import io.jdlt.schema.Schema;

/**
 * Loads packages into one dataset of a destination. Closing it releases its connection.
 */
public interface JobClient extends AutoCloseable {

    /** Whether the package's {@code _dlt_loads} row exists, i.e. the package was committed earlier. */
    boolean isCommitted(String loadId);

    /**
     * The newest pipeline state stored with a committed package (dlt's {@code sync_destination} query: only states
     * whose load has {@code status = 0} in {@code _dlt_loads} count), as its encoded {@code state} column; empty when
     * the dataset has none.
     */
    Optional<String> latestState(String pipelineName);

    /** The newest stored version of a schema, as its JSON document; empty when the dataset has none. */
    Optional<String> latestSchema(String schemaName);

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

    /**
     * Removes what an attempt to load a package that will never commit (it was aborted or dropped) left at the
     * destination. A destination that loads a package in one transaction has nothing to remove: the default does
     * nothing.
     */
    default void discardPackage(String loadId, OffsetDateTime createdAt, Schema schema, List<Path> jobs) {
    }

    @Override
    void close();

    /** Hears about job progress inside {@link #loadPackage}. */
    interface JobListener {

        /** The job is about to run; returns the path it runs from. */
        Path started(Path job);

        /** A merge or replace statement of a table chain is about to run. */
        default void followUp(String rootTable, String sql) {
        }

        /** Every job and follow-up statement ran; the {@code _dlt_loads} row and the commit come next. */
        default void beforeCommit() {
        }
    }
}
