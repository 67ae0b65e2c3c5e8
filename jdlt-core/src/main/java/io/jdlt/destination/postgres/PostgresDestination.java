package io.jdlt.destination.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Properties;

import io.jdlt.TransientException;
import io.jdlt.destination.Destination;
import io.jdlt.destination.DestinationCapabilities;
import io.jdlt.destination.JobClient;
import io.jdlt.destination.ReplaceStrategy;
import io.jdlt.schema.MergeStrategy;

/**
 * PostgreSQL: one schema per dataset, identifiers shortened to 63 characters with dlt's tag, files loaded with
 * {@code COPY … FROM STDIN}. Needs {@code org.postgresql:postgresql} on the class path.
 */
public final class PostgresDestination implements Destination {

    public static final String NAME = "postgres";

    private static final DestinationCapabilities CAPABILITIES = new DestinationCapabilities(63,
            EnumSet.allOf(MergeStrategy.class), EnumSet.allOf(ReplaceStrategy.class), false,
            java.util.List.of(io.jdlt.storage.LoaderFileFormat.JSONL, io.jdlt.storage.LoaderFileFormat.CSV));

    private final PostgresCredentials credentials;
    private final ReplaceStrategy replaceStrategy;

    private PostgresDestination(PostgresCredentials credentials, ReplaceStrategy replaceStrategy) {
        this.credentials = credentials;
        this.replaceStrategy = replaceStrategy;
    }

    public static PostgresDestination of(PostgresCredentials credentials) {
        return new PostgresDestination(Objects.requireNonNull(credentials, "credentials"),
                ReplaceStrategy.TRUNCATE_AND_INSERT);
    }

    /** From a connection string such as {@code postgresql://loader:secret@localhost:5432/dlt_data}. */
    public static PostgresDestination of(String connectionString) {
        return of(PostgresCredentials.parse(connectionString));
    }

    /** dlt's {@code [destination.postgres] replace_strategy}; both strategies are atomic in jdlt. */
    public PostgresDestination withReplaceStrategy(ReplaceStrategy strategy) {
        return new PostgresDestination(credentials, Objects.requireNonNull(strategy, "replace strategy"));
    }

    public PostgresCredentials credentials() {
        return credentials;
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
        return credentials.toString();
    }

    @Override
    public JobClient openClient(String datasetName) {
        Properties properties = new Properties();
        properties.setProperty("user", credentials.username());
        if (credentials.password() != null) {
            properties.setProperty("password", credentials.password());
        }
        properties.setProperty("ApplicationName", "jdlt");
        try {
            Connection connection = DriverManager.getConnection(credentials.jdbcUrl(), properties);
            // each statement must see what the previous holder of the dataset lock committed, whatever the server's
            // default isolation is
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            // casts between dates and timestamps (widening) happen in UTC, as jdlt's values are
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.execute("SET TIME ZONE 'UTC'");
            }
            return new PostgresJobClient(connection, datasetName, replaceStrategy);
        }
        catch (SQLException ex) {
            throw new TransientException("Cannot connect to PostgreSQL at " + credentials + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public String toString() {
        return "postgres:" + credentials;
    }
}
