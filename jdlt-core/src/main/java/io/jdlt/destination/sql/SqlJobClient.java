package io.jdlt.destination.sql;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.jdlt.TerminalException;
import io.jdlt.TransientException;
import io.jdlt.destination.JobClient;
import io.jdlt.destination.JobFailedException;
import io.jdlt.json.Json;
import io.jdlt.schema.Column;
import io.jdlt.schema.Schema;
import io.jdlt.schema.Table;
import io.jdlt.schema.WriteDisposition;
import io.jdlt.storage.JobFileName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every SQL destination shares (dlt's {@code SqlJobClientBase}): dataset creation, schema migration by
 * {@code CREATE TABLE} / {@code ALTER TABLE ADD COLUMN} keyed by the schema's version hash in {@code _dlt_version},
 * replace by emptying table chains, and the {@code _dlt_loads} row, all in the package's one transaction.
 * A dialect supplies type names and how a job file is bulk-loaded.
 */
public abstract class SqlJobClient implements JobClient {

    private static final Logger log = LoggerFactory.getLogger(SqlJobClient.class);

    protected final Connection connection;
    protected final String dataset;

    protected SqlJobClient(Connection connection, String dataset) {
        this.connection = connection;
        this.dataset = dataset;
    }

    /** The destination's column type for a dlt type, e.g. {@code TIMESTAMP WITH TIME ZONE}. */
    protected abstract String columnType(Column column);

    /** Bulk-loads one job file into the table, inside the open transaction. Never row by row. */
    protected abstract void loadFile(Table table, Path file) throws SQLException;

    /**
     * Whether the database rejected the job's data (running it again fails the same way: the job fails and the
     * package is aborted) rather than failed for a reason that may pass (I/O, memory, connection, a conflict: the
     * package stays pending). This default reads the SQLState: class 22 (data exception) and 23 (integrity
     * constraint violation) are data errors.
     */
    protected boolean isDataError(SQLException ex) {
        String state = ex.getSQLState();
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** The largest text a {@code _dlt_version.schema} value may be before it is stored compressed. */
    protected long maxTextLength() {
        return Long.MAX_VALUE;
    }

    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    protected String qualified(String tableName) {
        return quote(dataset) + "." + quote(tableName);
    }

    @Override
    public boolean isCommitted(String loadId) {
        try {
            if (!existingColumns().containsKey(Schema.LOADS_TABLE)) {
                return false;
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT 1 FROM " + qualified(Schema.LOADS_TABLE) + " WHERE load_id = ?")) {
                select.setString(1, loadId);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next();
                }
            }
        }
        catch (SQLException ex) {
            throw new TransientException("Cannot read " + Schema.LOADS_TABLE + " of dataset '" + dataset + "': "
                    + ex.getMessage(), ex);
        }
    }

    @Override
    public void loadPackage(String loadId, Schema packageSchema, List<Path> jobs, JobListener listener) {
        try {
            connection.setAutoCommit(false);
        }
        catch (SQLException ex) {
            throw new TransientException("Cannot start a transaction in dataset '" + dataset + "': " + ex.getMessage(), ex);
        }
        try {
            migrate(packageSchema);
            emptyReplacedChains(packageSchema, jobs);
            for (Path job : jobs) {
                Path running = listener.started(job);
                String tableName = JobFileName.parse(running.getFileName().toString()).tableName();
                try {
                    loadFile(packageSchema.requireTable(tableName), running);
                }
                catch (SQLException ex) {
                    if (isDataError(ex)) {
                        throw new JobFailedException(tableName, running, ex.getMessage(), ex);
                    }
                    throw new TransientException("Loading table '" + tableName + "' from " + running.getFileName()
                            + " failed: " + ex.getMessage() + ". Nothing of package " + loadId + " was committed; "
                            + "it stays pending and the next run loads it again.", ex);
                }
            }
            insertLoadRow(loadId, packageSchema);
            connection.commit();
        }
        catch (JobFailedException ex) {
            rollback();
            throw ex;
        }
        catch (SQLException ex) {
            rollback();
            throw new TerminalException("Loading package " + loadId + " into dataset '" + dataset + "' failed: "
                    + ex.getMessage() + ". Nothing of the package was committed; it stays pending and is loaded "
                    + "again by the next run.", ex);
        }
        catch (RuntimeException ex) {
            rollback();
            throw ex;
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        }
        catch (SQLException ex) {
            log.warn("Rollback in dataset '{}' failed: {}", dataset, ex.getMessage());
        }
    }

    /** Table name to its column names, for the tables of the dataset that exist. */
    protected Map<String, Set<String>> existingColumns() throws SQLException {
        Map<String, Set<String>> tables = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = ?")) {
            select.setString(1, dataset);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    tables.computeIfAbsent(rows.getString(1), t -> new HashSet<>()).add(rows.getString(2));
                }
            }
        }
        return tables;
    }

    /**
     * Brings the dataset to the package's schema: dlt's own tables first, then, unless {@code _dlt_version}
     * already holds this schema version's hash, every new table and column, and a {@code _dlt_version} row.
     */
    private void migrate(Schema packageSchema) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE SCHEMA IF NOT EXISTS " + quote(dataset));
        }
        Map<String, Set<String>> existing = existingColumns();
        for (String systemTable : List.of(Schema.VERSION_TABLE, Schema.LOADS_TABLE, Schema.PIPELINE_STATE_TABLE)) {
            migrateTable(packageSchema.requireTable(systemTable), existing);
        }
        if (isVersionStored(packageSchema)) {
            return;
        }
        for (Table table : packageSchema.dataTables()) {
            migrateTable(table, existing);
        }
        insertVersionRow(packageSchema);
    }

    private boolean isVersionStored(Schema packageSchema) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM " + qualified(Schema.VERSION_TABLE)
                + " WHERE version_hash = ? AND schema_name = ?")) {
            select.setString(1, packageSchema.versionHash());
            select.setString(2, packageSchema.name());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private void migrateTable(Table table, Map<String, Set<String>> existing) throws SQLException {
        List<Column> columns = table.completeColumns();
        if (columns.isEmpty()) {
            return;
        }
        Set<String> present = existing.get(table.name());
        try (Statement ddl = connection.createStatement()) {
            if (present == null) {
                List<String> definitions = new ArrayList<>();
                for (Column column : columns) {
                    definitions.add(columnDefinition(column));
                }
                ddl.execute("CREATE TABLE " + qualified(table.name()) + " (" + String.join(", ", definitions) + ")");
                existing.put(table.name(), new LinkedHashSet<>(columns.stream().map(Column::name).toList()));
                return;
            }
            for (Column column : columns) {
                if (!present.contains(column.name())) {
                    // new columns are nullable: the table already has rows without them
                    ddl.execute("ALTER TABLE " + qualified(table.name()) + " ADD COLUMN " + quote(column.name()) + " "
                            + columnType(column));
                    present.add(column.name());
                }
            }
        }
    }

    protected String columnDefinition(Column column) {
        return quote(column.name()) + " " + columnType(column) + (column.nullable() ? "" : " NOT NULL");
    }

    private void insertVersionRow(Schema packageSchema) throws SQLException {
        String document = Json.toJson(packageSchema.toDocument());
        if (document.getBytes(StandardCharsets.UTF_8).length > maxTextLength()) {
            document = Json.zlibBase64(document);
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + qualified(Schema.VERSION_TABLE)
                + " (version, engine_version, inserted_at, schema_name, version_hash, schema) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, packageSchema.version());
            insert.setLong(2, Schema.ENGINE_VERSION);
            insert.setTimestamp(3, Timestamp.from(Instant.now()));
            insert.setString(4, packageSchema.name());
            insert.setString(5, packageSchema.versionHash());
            insert.setString(6, document);
            insert.executeUpdate();
        }
    }

    /**
     * Replace: every table of a replaced chain is emptied in the same transaction that loads the new rows, so a
     * failed load leaves the old rows in place (dlt empties them first and can leave empty tables behind).
     */
    private void emptyReplacedChains(Schema packageSchema, List<Path> jobs) throws SQLException {
        Set<String> roots = new LinkedHashSet<>();
        for (Path job : jobs) {
            String tableName = JobFileName.parse(job.getFileName().toString()).tableName();
            if (!Schema.isSystemTable(tableName)
                    && packageSchema.writeDisposition(tableName) == WriteDisposition.REPLACE) {
                roots.add(packageSchema.rootTable(tableName).name());
            }
        }
        Map<String, Set<String>> existing = existingColumns();
        try (Statement delete = connection.createStatement()) {
            for (String root : roots) {
                for (Table table : packageSchema.tableChain(root)) {
                    if (existing.containsKey(table.name())) {
                        delete.execute("DELETE FROM " + qualified(table.name()) + " WHERE 1=1");
                    }
                }
            }
        }
    }

    private void insertLoadRow(String loadId, Schema packageSchema) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + qualified(Schema.LOADS_TABLE)
                + " (load_id, schema_name, status, inserted_at, schema_version_hash) VALUES (?, ?, 0, ?, ?)")) {
            insert.setString(1, loadId);
            insert.setString(2, packageSchema.name());
            insert.setTimestamp(3, Timestamp.from(Instant.now()));
            insert.setString(4, packageSchema.versionHash());
            insert.executeUpdate();
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        }
        catch (SQLException ex) {
            log.warn("Closing the connection to dataset '{}' failed: {}", dataset, ex.getMessage());
        }
    }
}
