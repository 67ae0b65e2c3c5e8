package io.jdlt.destination.duckdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import io.jdlt.common.JdltException;
import io.jdlt.common.TerminalException;
import io.jdlt.common.TransientException;
import io.jdlt.destination.Destination;
import io.jdlt.destination.DestinationCapabilities;
import io.jdlt.destination.JobClient;
import io.jdlt.destination.ReplaceStrategy;
import io.jdlt.destination.SqlErrors;
import io.jdlt.storage.IoErrors;
import io.jdlt.schema.MergeStrategy;

/**
 * DuckDB, the embedded default: one database file, one SQL schema per dataset. As in dlt, the file is
 * {@code <pipeline_name>.duckdb} in the working directory unless a path is given.
 */
public final class DuckDbDestination implements Destination {

    public static final String NAME = "duckdb";

    // DuckDB takes identifiers of any practical length, and has MERGE since 1.4
    private static final DestinationCapabilities CAPABILITIES = new DestinationCapabilities(0,
            EnumSet.allOf(MergeStrategy.class), EnumSet.allOf(ReplaceStrategy.class), false,
            java.util.List.of(io.jdlt.format.LoaderFileFormat.JSONL, io.jdlt.format.LoaderFileFormat.CSV,
                    io.jdlt.format.LoaderFileFormat.PARQUET), true);

    // one process may write a DuckDB file; within it, loads into one file take turns
    private static final ConcurrentHashMap<Path, ReentrantLock> FILE_LOCKS = new ConcurrentHashMap<>();

    private final Path databaseFile;
    private final ReplaceStrategy replaceStrategy;

    private DuckDbDestination(Path databaseFile, ReplaceStrategy replaceStrategy) {
        this.databaseFile = databaseFile.toAbsolutePath().normalize();
        this.replaceStrategy = replaceStrategy;
    }

    /** A DuckDB destination writing to this database file (created on first load). */
    public static DuckDbDestination at(Path databaseFile) {
        return new DuckDbDestination(databaseFile, ReplaceStrategy.TRUNCATE_AND_INSERT);
    }

    /** dlt's default: {@code <pipeline_name>.duckdb} in the current working directory. */
    public static DuckDbDestination forPipeline(String pipelineName) {
        return at(Path.of(pipelineName + ".duckdb"));
    }

    /** dlt's {@code [destination.duckdb] replace_strategy}; both strategies are atomic in jdlt. */
    public DuckDbDestination withReplaceStrategy(ReplaceStrategy strategy) {
        return new DuckDbDestination(databaseFile, Objects.requireNonNull(strategy, "replace strategy"));
    }

    public Path databaseFile() {
        return databaseFile;
    }

    public ReplaceStrategy replaceStrategy() {
        return replaceStrategy;
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
        return databaseFile.toString();
    }

    /**
     * A file that a load of this JVM holds is reachable (the load proves it); a file not created yet is reachable
     * when its folder is; otherwise the file is opened and closed, which fails while another process holds it.
     */
    @Override
    public java.util.Optional<String> unreachable(String datasetName) {
        ReentrantLock lock = FILE_LOCKS.computeIfAbsent(databaseFile, f -> new ReentrantLock());
        if (!lock.tryLock()) {
            return java.util.Optional.empty();
        }
        try {
            if (!Files.exists(databaseFile)) {
                Path folder = databaseFile.getParent();
                return folder == null || Files.isDirectory(folder) || !Files.exists(folder) ? java.util.Optional.empty()
                        : java.util.Optional.of(folder + " is not a folder");
            }
            try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + databaseFile)) {
                return java.util.Optional.empty();
            }
        }
        catch (SQLException ex) {
            return java.util.Optional.of("cannot open " + databaseFile + ": " + ex.getMessage());
        }
        finally {
            lock.unlock();
        }
    }

    @Override
    public JobClient openClient(String datasetName) {
        ReentrantLock lock = FILE_LOCKS.computeIfAbsent(databaseFile, f -> new ReentrantLock());
        lock.lock();
        try {
            if (databaseFile.getParent() != null) {
                Files.createDirectories(databaseFile.getParent());
            }
            Connection connection = DriverManager.getConnection("jdbc:duckdb:" + databaseFile);
            try {
                return new DuckDbJobClient(connection, datasetName, replaceStrategy, lock::unlock);
            }
            catch (SQLException | RuntimeException ex) {
                connection.close();
                throw ex;
            }
        }
        catch (SQLException | java.io.IOException | RuntimeException | Error ex) {
            lock.unlock();
            if (ex instanceof Error error) {
                throw error;
            }
            throw openFailure(ex);
        }
    }

    /**
     * Why the database file cannot be opened, as the error a run should end with: another process's lock, a full
     * disk or memory may pass (transient); a file that is no DuckDB database, a folder, a path that cannot be written
     * cannot (terminal).
     */
    private JdltException openFailure(Throwable ex) {
        String message = "Cannot open DuckDB database " + databaseFile + ": " + ex.getMessage();
        if (ex instanceof JdltException jdlt) {
            return jdlt;
        }
        if (ex instanceof SQLException sql) {
            if (DuckDbErrors.isLockConflict(sql)) {
                return new TransientException(message + " (another process holds its write lock; the next run tries "
                        + "again once it is released)", ex);
            }
            SqlErrors.Kind kind = SqlErrors.classify(sql, DuckDbErrors.INSTANCE);
            return SqlErrors.exception(kind, message + (kind.isTransient() ? ""
                    : ". Point the destination at a DuckDB database file, or at a path where one can be created."), ex);
        }
        if (ex instanceof java.io.IOException io && IoErrors.isTransient(io)) {
            return new TransientException(message, ex);
        }
        return new TerminalException(message + ". Point the destination at a path where a DuckDB database file can be "
                + "created.", ex);
    }

    @Override
    public String toString() {
        return "duckdb:" + databaseFile;
    }
}
