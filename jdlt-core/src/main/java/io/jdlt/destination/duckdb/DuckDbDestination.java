package io.jdlt.destination.duckdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import io.jdlt.TransientException;
import io.jdlt.destination.Destination;
import io.jdlt.destination.DestinationCapabilities;
import io.jdlt.destination.JobClient;

/**
 * DuckDB, the embedded default: one database file, one SQL schema per dataset. As in dlt, the file is
 * {@code <pipeline_name>.duckdb} in the working directory unless a path is given.
 */
public final class DuckDbDestination implements Destination {

    public static final String NAME = "duckdb";

    // DuckDB takes identifiers of any practical length
    private static final DestinationCapabilities CAPABILITIES = new DestinationCapabilities(0);

    private final Path databaseFile;

    private DuckDbDestination(Path databaseFile) {
        this.databaseFile = databaseFile.toAbsolutePath().normalize();
    }

    /** A DuckDB destination writing to this database file (created on first load). */
    public static DuckDbDestination at(Path databaseFile) {
        return new DuckDbDestination(databaseFile);
    }

    /** dlt's default: {@code <pipeline_name>.duckdb} in the current working directory. */
    public static DuckDbDestination forPipeline(String pipelineName) {
        return new DuckDbDestination(Path.of(pipelineName + ".duckdb"));
    }

    public Path databaseFile() {
        return databaseFile;
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

    @Override
    public JobClient openClient(String datasetName) {
        try {
            if (databaseFile.getParent() != null) {
                Files.createDirectories(databaseFile.getParent());
            }
            Connection connection = DriverManager.getConnection("jdbc:duckdb:" + databaseFile);
            return new DuckDbJobClient(connection, datasetName);
        }
        catch (SQLException | java.io.IOException ex) {
            throw new TransientException("Cannot open DuckDB database " + databaseFile + ": " + ex.getMessage()
                    + " (another process may hold its write lock)", ex);
        }
    }

    @Override
    public String toString() {
        return "duckdb:" + databaseFile;
    }
}
