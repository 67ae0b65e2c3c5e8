package io.jdlt.destination.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Properties;

import javax.sql.DataSource;

import io.jdlt.common.JdltException;
import io.jdlt.common.TerminalException;
import io.jdlt.destination.Destination;
import io.jdlt.destination.DestinationCapabilities;
import io.jdlt.destination.JobClient;
import io.jdlt.destination.ReplaceStrategy;
import io.jdlt.destination.RunLock;
import io.jdlt.destination.RunLocks;
import io.jdlt.destination.SqlErrors;
import io.jdlt.schema.MergeStrategy;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL: one schema per dataset, identifiers shortened to 63 characters with dlt's tag, files loaded with
 * {@code COPY … FROM STDIN}. Needs {@code org.postgresql:postgresql} on the class path.
 */
public final class PostgresDestination implements Destination {

    public static final String NAME = "postgres";

    private static final Logger log = LoggerFactory.getLogger(PostgresDestination.class);

    private static final DestinationCapabilities CAPABILITIES = new DestinationCapabilities(63,
            EnumSet.allOf(MergeStrategy.class), EnumSet.allOf(ReplaceStrategy.class), false,
            java.util.List.of(io.jdlt.format.LoaderFileFormat.JSONL, io.jdlt.format.LoaderFileFormat.CSV), true);

    private final @Nullable PostgresCredentials credentials;
    private final @Nullable DataSource dataSource;
    private final String location;
    private final ReplaceStrategy replaceStrategy;

    private PostgresDestination(@Nullable PostgresCredentials credentials, @Nullable DataSource dataSource,
            String location, ReplaceStrategy replaceStrategy) {
        this.credentials = credentials;
        this.dataSource = dataSource;
        this.location = location;
        this.replaceStrategy = replaceStrategy;
    }

    public static PostgresDestination of(PostgresCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        return new PostgresDestination(credentials, null, credentials.toString(), ReplaceStrategy.TRUNCATE_AND_INSERT);
    }

    /** From a connection string such as {@code postgresql://loader:secret@localhost:5432/dlt_data}. */
    public static PostgresDestination of(String connectionString) {
        return of(PostgresCredentials.parse(connectionString));
    }

    /**
     * Loads through an application's connection pool. The session settings jdlt needs (isolation, UTC time zone) are
     * set on each borrowed connection and reset before it goes back to the pool.
     *
     * @param location how the database is shown in load info and logs, e.g. its JDBC URL (never a password)
     */
    public static PostgresDestination of(DataSource dataSource, String location) {
        return new PostgresDestination(null, Objects.requireNonNull(dataSource, "data source"), location,
                ReplaceStrategy.TRUNCATE_AND_INSERT);
    }

    /** dlt's {@code [destination.postgres] replace_strategy}; both strategies are atomic in jdlt. */
    public PostgresDestination withReplaceStrategy(ReplaceStrategy strategy) {
        return new PostgresDestination(credentials, dataSource, location,
                Objects.requireNonNull(strategy, "replace strategy"));
    }

    /** The credentials, or null when loading through a DataSource. */
    public @Nullable PostgresCredentials credentials() {
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
        return location;
    }

    @Override
    public JobClient openClient(String datasetName) {
        Connection connection;
        try {
            connection = dataSource != null ? dataSource.getConnection() : connect(Objects.requireNonNull(credentials));
        }
        catch (SQLException ex) {
            throw connectionFailure("Cannot connect", ex);
        }
        try {
            // a pooled connection goes back as it came: the application's other users share it
            SessionSettings borrowed = dataSource == null ? null : SessionSettings.of(connection);
            // each statement must see what the previous holder of the dataset lock committed, whatever the server's
            // default isolation is
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            // casts between dates and timestamps (widening) happen in UTC, as jdlt's values are
            try (java.sql.Statement statement = connection.createStatement()) {
                statement.execute("SET TIME ZONE 'UTC'");
            }
            Runnable resetSession = borrowed == null ? () -> { } : () -> borrowed.restore(connection);
            return new PostgresJobClient(connection, datasetName, replaceStrategy, resetSession);
        }
        catch (SQLException ex) {
            try {
                connection.close();
            }
            catch (SQLException closing) {
                ex.addSuppressed(closing);
            }
            throw SqlErrors.exception(SqlErrors.classify(ex), "Cannot prepare a PostgreSQL session at " + location + ": "
                    + ex.getMessage(), ex);
        }
    }

    /** A connection that answers within 5 seconds, or why not; a health check must not hang on a dead server. */
    @Override
    public java.util.Optional<String> unreachable(String datasetName) {
        try (Connection connection = dataSource != null ? dataSource.getConnection()
                : DriverManager.getConnection(Objects.requireNonNull(credentials).jdbcUrl(), probeProperties())) {
            return connection.isValid(5) ? java.util.Optional.empty()
                    : java.util.Optional.of("PostgreSQL at " + location + " did not answer within 5 s");
        }
        catch (SQLException ex) {
            return java.util.Optional.of(String.valueOf(connectionFailure("Cannot connect", ex).getMessage()));
        }
    }

    private Properties probeProperties() {
        Properties properties = connectionProperties(Objects.requireNonNull(credentials));
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("loginTimeout", "5");
        properties.setProperty("ApplicationName", "jdlt health");
        return properties;
    }

    /**
     * A session-level advisory lock on a connection of its own, held until the run ends: replicas of an application
     * exclude each other, and a process that dies releases it with its connection.
     */
    @Override
    public java.util.Optional<RunLock> tryLockRun(String datasetName, String pipelineName) {
        return RunLocks.tryInProcessThen(RunLocks.key(this, datasetName, pipelineName),
                () -> tryAdvisoryLock(datasetName, pipelineName));
    }

    private java.util.Optional<RunLock> tryAdvisoryLock(String datasetName, String pipelineName) {
        long key = advisoryKey("jdlt/" + datasetName + "/" + pipelineName);
        Connection connection = null;
        try {
            connection = dataSource != null ? dataSource.getConnection() : connect(Objects.requireNonNull(credentials));
            // no transaction stays open for the run's length: idle-in-transaction timeouts would end the session
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(true);
            boolean locked;
            try (java.sql.PreparedStatement statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                statement.setLong(1, key);
                try (java.sql.ResultSet result = statement.executeQuery()) {
                    result.next();
                    locked = result.getBoolean(1);
                }
            }
            if (!locked) {
                connection.setAutoCommit(autoCommit);
                connection.close();
                return java.util.Optional.empty();
            }
            Connection held = connection;
            return java.util.Optional.of(() -> releaseAdvisoryLock(held, key, autoCommit));
        }
        catch (SQLException ex) {
            if (connection != null) {
                try {
                    connection.close();
                }
                catch (SQLException closing) {
                    ex.addSuppressed(closing);
                }
            }
            throw connectionFailure("Cannot take the run lock of " + pipelineName, ex);
        }
    }

    /**
     * Unlocks and hands the connection back. A pooled connection whose unlock failed is aborted instead of returned:
     * the pool would keep the session, and the lock with it, for ever.
     */
    private static void releaseAdvisoryLock(Connection held, long key, boolean autoCommit) {
        boolean released = false;
        try (java.sql.PreparedStatement unlock = held.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, key);
            try (java.sql.ResultSet result = unlock.executeQuery()) {
                released = result.next() && result.getBoolean(1);
            }
            held.setAutoCommit(autoCommit);
        }
        catch (SQLException ex) {
            log.warn("Releasing a run lock failed: {}", ex.getMessage());
        }
        try {
            if (released) {
                held.close();
            }
            else {
                // ending the session is the one sure way to drop a session-level advisory lock
                held.abort(Runnable::run);
            }
        }
        catch (SQLException ex) {
            log.warn("Closing the run lock's connection failed: {}", ex.getMessage());
        }
    }

    /** A stable 64-bit key for PostgreSQL's advisory locks: the first 8 bytes of the name's SHA-256. */
    private static long advisoryKey(String name) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.nio.ByteBuffer.wrap(digest).getLong();
        }
        catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is part of every JDK", ex);
        }
    }

    /**
     * A failed connection or session as the error a run should end with. Refused credentials (class 28) and a
     * database that does not exist (3D000) are terminal: retrying them cannot succeed, and repeated failed logins
     * may lock the account. A refused or timed-out connection (class 08) and a server starting or shutting down are
     * transient. The message names host, database and user, never the password.
     */
    private JdltException connectionFailure(String action, SQLException ex) {
        String state = ex.getSQLState() == null ? "" : ex.getSQLState();
        String server = credentials == null ? "the application's DataSource (" + location + ")"
                : "PostgreSQL at " + credentials.host() + ":" + credentials.port();
        String account = credentials == null ? "" : " as user '" + credentials.username() + "'";
        String database = credentials == null ? "" : " to database '" + credentials.database() + "'";
        if (state.startsWith("28")) {
            return new TerminalException(action + database + " of " + server + account + ": the server refused the "
                    + "login (" + ex.getMessage() + "). Check the user name and password of the credentials "
                    + "(destination.postgres.credentials) and the server's pg_hba.conf; running again with the same "
                    + "credentials fails the same way.", ex);
        }
        if (state.equals("3D000")) {
            return new TerminalException(action + database + " of " + server + account + ": the database does not "
                    + "exist (" + ex.getMessage() + "). Create it, or correct the database name of the credentials.",
                    ex);
        }
        SqlErrors.Kind kind = SqlErrors.classify(ex);
        return SqlErrors.exception(kind, action + database + " of " + server + account + ": " + ex.getMessage()
                + (kind.isTransient() ? ". Check that the server runs and that host and port are right; the next run "
                        + "tries again." : ""), ex);
    }

    private static Connection connect(PostgresCredentials credentials) throws SQLException {
        Properties properties = connectionProperties(credentials);
        properties.setProperty("ApplicationName", "jdlt");
        return DriverManager.getConnection(credentials.jdbcUrl(), properties);
    }

    private static Properties connectionProperties(PostgresCredentials credentials) {
        Properties properties = new Properties();
        properties.setProperty("user", credentials.username());
        if (credentials.password() != null) {
            properties.setProperty("password", credentials.password());
        }
        return properties;
    }

    /** What jdlt changes on a borrowed connection, as the pool handed it out. */
    private record SessionSettings(boolean autoCommit, int isolation, String timeZone) {

        static SessionSettings of(Connection connection) throws SQLException {
            try (java.sql.Statement statement = connection.createStatement();
                    java.sql.ResultSet zone = statement.executeQuery("SHOW TimeZone")) {
                zone.next();
                return new SessionSettings(connection.getAutoCommit(), connection.getTransactionIsolation(),
                        zone.getString(1));
            }
        }

        /** Ends any open transaction first: the isolation level cannot change inside one. */
        void restore(Connection connection) {
            try {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
                try (java.sql.PreparedStatement statement = connection.prepareStatement(
                        "SELECT set_config('TimeZone', ?, false)")) {
                    statement.setString(1, timeZone);
                    statement.execute();
                }
                connection.setTransactionIsolation(isolation);
                connection.setAutoCommit(autoCommit);
            }
            catch (SQLException ex) {
                log.warn("Restoring the session settings of a pooled PostgreSQL connection failed: {}",
                        ex.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return "postgres:" + location;
    }
}
