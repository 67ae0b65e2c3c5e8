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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.jdlt.destination.JobClient;
import io.jdlt.destination.ReplaceStrategy;
import io.jdlt.destination.SqlErrors;
import io.jdlt.schema.Digests;
import io.jdlt.destination.JobFailedException;
import io.jdlt.json.Json;
import io.jdlt.schema.Column;
import io.jdlt.schema.DataType;
import io.jdlt.schema.TypeWidening;
import io.jdlt.schema.Schema;
import io.jdlt.schema.Table;
import io.jdlt.schema.WriteDisposition;
import io.jdlt.storage.JobFileName;
import org.jspecify.annotations.Nullable;
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
    private final ReplaceStrategy replaceStrategy;
    private final TableNames names = new TableNames() {
        @Override
        public String destination(String table) {
            return qualified(table);
        }

        @Override
        public String staging(String table) {
            return stagingName(table);
        }

        @Override
        public List<String> analyze(String table) {
            return analyzeStatements(table);
        }

        @Override
        public String insertOrder(Table table) {
            return SqlJobClient.this.insertOrder(table);
        }
    };

    private final List<Table> createdTables = new ArrayList<>();

    protected SqlJobClient(Connection connection, String dataset, ReplaceStrategy replaceStrategy) {
        this.connection = connection;
        this.dataset = dataset;
        this.replaceStrategy = replaceStrategy;
    }

    /** The destination's column type for a dlt type, e.g. {@code TIMESTAMP WITH TIME ZONE}. */
    protected abstract String columnType(Column column);

    /**
     * Bulk-loads one job file, inside the open transaction, never row by row.
     *
     * @param table the file's table, with the columns the file may have
     * @param target the qualified table to insert into: the dataset's table or its staging copy
     */
    protected abstract void loadFile(Table table, String target, Path file) throws SQLException;

    /** The qualified name of the package's staging copy of a table, a temporary table of this connection. */
    protected abstract String stagingName(String table);

    /**
     * Statements that give the planner statistics of a temporary table just filled (staging copies, merge helper
     * tables); none by default. See {@link TableNames#analyze}.
     */
    protected List<String> analyzeStatements(String table) {
        return List.of();
    }

    /**
     * Makes loads into this dataset wait for each other, so that two pipelines merging into one dataset at the same
     * time neither lose nor duplicate rows. Held until the transaction ends.
     */
    protected abstract void lockDataset() throws SQLException;

    /**
     * What a failed statement means: the job's data refused (the job fails), terminal (credentials, schema, a limit)
     * or transient (connection, deadlock, serialization failure, resources: the next run may succeed). This default
     * reads the SQLState ({@link SqlErrors#bySqlState}); a dialect whose driver sets none reads its messages.
     */
    protected SqlErrors.Kind classify(SQLException ex) {
        return SqlErrors.classify(ex);
    }

    /**
     * Whether the database rejected the job's data (running it again fails the same way: the job fails and the
     * package is aborted): class 21 (cardinality violation, e.g. a merge that would change a row twice), 22 (data
     * exception) and 23 (integrity constraint violation), or what the dialect's {@link #classify} calls data.
     */
    protected final boolean isDataError(SQLException ex) {
        return classify(ex) == SqlErrors.Kind.DATA;
    }

    /**
     * A failure outside the package's load (reading dlt's tables, starting the transaction): transient when it may
     * pass, otherwise terminal.
     */
    private io.jdlt.common.JdltException readFailure(String what, SQLException ex) {
        return SqlErrors.exception(classify(ex), what + ": " + ex.getMessage(), ex);
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
            throw readFailure("Cannot read " + Schema.LOADS_TABLE + " of dataset '" + dataset + "'", ex);
        }
    }

    @Override
    public Optional<String> latestState(String pipelineName) {
        try {
            Map<String, Set<String>> existing = existingColumns();
            if (!existing.containsKey(Schema.PIPELINE_STATE_TABLE) || !existing.containsKey(Schema.LOADS_TABLE)) {
                return Optional.empty();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT s.state FROM "
                    + qualified(Schema.PIPELINE_STATE_TABLE) + " AS s JOIN " + qualified(Schema.LOADS_TABLE)
                    + " AS l ON l.load_id = s._dlt_load_id WHERE s.pipeline_name = ? AND l.status = 0"
                    + " ORDER BY l.load_id DESC LIMIT 1")) {
                select.setString(1, pipelineName);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                }
            }
        }
        catch (SQLException ex) {
            throw readFailure("Cannot read the pipeline state from dataset '" + dataset + "'", ex);
        }
    }

    @Override
    public Optional<String> latestSchema(String schemaName) {
        try {
            if (!existingColumns().containsKey(Schema.VERSION_TABLE)) {
                return Optional.empty();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT schema FROM "
                    + qualified(Schema.VERSION_TABLE) + " WHERE schema_name = ? ORDER BY inserted_at DESC, version DESC"
                    + " LIMIT 1")) {
                select.setString(1, schemaName);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
                }
            }
        }
        catch (SQLException ex) {
            throw readFailure("Cannot read schema '" + schemaName + "' from dataset '" + dataset + "'", ex);
        }
    }

    @Override
    public void loadPackage(String loadId, OffsetDateTime createdAt, Schema packageSchema, List<Path> jobs,
            JobListener listener) {
        try {
            connection.setAutoCommit(false);
        }
        catch (SQLException ex) {
            throw readFailure("Cannot start a transaction in dataset '" + dataset + "'", ex);
        }
        try {
            Map<String, WriteDisposition> chains = chainsWithJobs(packageSchema, jobs);
            chains.forEach((root, disposition) -> WriteStatements.requireHintedColumns(packageSchema.requireTable(root),
                    disposition));
            lockDataset();
            prepareTransaction();
            createdTables.clear();
            migrate(packageSchema, chains.keySet());
            Set<String> staged = new LinkedHashSet<>();
            Set<String> emptied = new LinkedHashSet<>();
            chains.forEach((root, disposition) -> {
                if (disposition.isMerge() || (disposition.kind() == WriteDisposition.Kind.REPLACE
                        && replaceStrategy == ReplaceStrategy.INSERT_FROM_STAGING)) {
                    staged.add(root);
                }
                else if (disposition.kind() == WriteDisposition.Kind.REPLACE) {
                    emptied.add(root);
                }
            });
            emptyChains(packageSchema, emptied);
            List<Table> stagingTables = createStagingTables(packageSchema, staged);
            Map<String, Path> firstJobOfChain = new LinkedHashMap<>();
            Map<String, Path> firstJobOfTable = new LinkedHashMap<>();
            // the jobs come sorted by file name: the files of one table are neighbours
            List<Path> tableJobs = new ArrayList<>();
            for (int i = 0; i < jobs.size(); i++) {
                Path job = jobs.get(i);
                Path running = listener.started(job);
                String tableName = JobFileName.parse(job.getFileName().toString()).tableName();
                firstJobOfTable.putIfAbsent(tableName, running);
                Table table = packageSchema.requireTable(tableName);
                boolean toStaging = !Schema.isSystemTable(tableName)
                        && staged.contains(packageSchema.rootTable(tableName).name());
                if (toStaging) {
                    firstJobOfChain.putIfAbsent(packageSchema.rootTable(tableName).name(), running);
                }
                String target = toStaging ? names.staging(tableName) : names.destination(tableName);
                tableJobs.add(running);
                boolean lastOfTable = i + 1 == jobs.size()
                        || !JobFileName.parse(jobs.get(i + 1).getFileName().toString()).tableName().equals(tableName);
                if (!loadsFilesTogether() || lastOfTable) {
                    loadJobs(loadId, table, target, tableJobs);
                    tableJobs.clear();
                }
            }
            for (Table stagingTable : stagingTables) {
                execute(analyzeStatements(names.staging(stagingTable.name())), "analyzing the staging copy of table '"
                        + stagingTable.name() + "' of package " + loadId);
            }
            for (String root : staged) {
                WriteStatements statements = new WriteStatements(packageSchema, completeChain(packageSchema, root), names,
                        Digests.uniqueHexId(8));
                List<String> sql = java.util.Objects.requireNonNull(chains.get(root)).isMerge() ? statements.merge(createdAt)
                        : statements.replaceFromStaging();
                try {
                    refuseDuplicateKeys(statements.duplicateKeyQuery(), root);
                    for (String statement : sql) {
                        listener.followUp(root, statement);
                        execute(List.of(statement), "writing table chain '" + root + "' of package " + loadId);
                    }
                }
                catch (SQLException ex) {
                    if (isDataError(ex) && firstJobOfChain.containsKey(root)) {
                        // the staged data cannot be merged (e.g. upsert with a key twice in one load): fail the chain
                        throw new JobFailedException(root, java.util.Objects.requireNonNull(firstJobOfChain.get(root)),
                                String.valueOf(ex.getMessage()), ex);
                    }
                    throw ex;
                }
            }
            afterTablesFilled(createdTables, firstJobOfTable);
            dropStagingTables(stagingTables);
            listener.beforeCommit();
            insertLoadRow(loadId, packageSchema);
            connection.commit();
        }
        catch (JobFailedException ex) {
            rollback();
            throw ex;
        }
        catch (SQLException ex) {
            rollback();
            throw packageFailure("Loading package " + loadId + " into dataset '" + dataset + "' failed: "
                    + ex.getMessage(), loadId, ex);
        }
        catch (RuntimeException ex) {
            rollback();
            throw ex;
        }
    }

    private void loadJobs(String loadId, Table table, String target, List<Path> files) {
        try {
            if (files.size() == 1) {
                loadFile(table, target, files.get(0));
            }
            else {
                loadFiles(table, target, files);
            }
        }
        catch (SQLException ex) {
            Path file = failedFile(ex, files);
            if (isDataError(ex)) {
                String message = ex.getMessage();
                if (files.size() > 1 && !String.valueOf(message).contains(file.getFileName().toString())) {
                    // the statement read several files and the database does not say which one it refused
                    message += " (in one of the " + files.size() + " job files of table '" + table.name()
                            + "' loaded together: " + files.stream().map(f -> f.getFileName().toString()).toList() + ")";
                }
                throw new JobFailedException(table.name(), file, String.valueOf(message), ex);
            }
            throw packageFailure("Loading table '" + table.name() + "' from " + file.getFileName()
                    + (files.size() > 1 ? " and " + (files.size() - 1) + " more job files" : "") + " failed: "
                    + ex.getMessage(), loadId, ex);
        }
    }

    /**
     * A failure of the package's transaction that no single job's data caused. Only a transient one may promise that
     * the package stays pending; what happens to a package that failed for good is the loader's to say.
     */
    private io.jdlt.common.JdltException packageFailure(String message, String loadId, SQLException ex) {
        SqlErrors.Kind kind = classify(ex);
        String outcome = switch (kind) {
            case TRANSIENT -> "Nothing of package " + loadId + " was committed; it stays pending and the next run "
                    + "loads it again.";
            case DATA, LIMIT -> "Nothing of the package was committed.";
            case TERMINAL -> "Nothing of package " + loadId + " was committed; it stays pending until the cause is "
                    + "fixed (then run again), or drop it with Pipeline.dropPackage.";
        };
        return SqlErrors.exception(kind, message + ". " + outcome, ex);
    }

    /**
     * Whether {@link #loadFiles} takes all job files of a table at once (a reader that reads several files in
     * parallel); otherwise each file is loaded by {@link #loadFile} on its own.
     */
    protected boolean loadsFilesTogether() {
        return false;
    }

    /** Bulk-loads several job files of one table in one statement; only called when {@link #loadsFilesTogether}. */
    protected void loadFiles(Table table, String target, List<Path> files) throws SQLException {
        for (Path file : files) {
            loadFile(table, target, file);
        }
    }

    /**
     * The table's columns a CSV job file has, in the order of its header: each file has the columns its table had
     * when normalize started it. A column the table lacks is refused as data (SQLState 22000).
     */
    protected static List<Column> csvFileColumns(Table table, Path file) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try {
            for (String name : io.jdlt.format.CsvConversion.readHeader(file)) {
                Column column = table.column(name);
                if (column == null) {
                    throw new SQLException("job file " + file.getFileName() + " has a column '" + name + "' that table '"
                            + table.name() + "' does not have", "22000");
                }
                columns.add(column);
            }
        }
        catch (java.io.IOException ex) {
            throw new SQLException("cannot read job file " + file.getFileName() + ": " + ex.getMessage(), "58030", ex);
        }
        return columns;
    }

    /**
     * The job a failure of loading {@code files} together belongs to: the one the database's message names, else the
     * first (the package is aborted either way; the message tells which data was refused).
     */
    private static Path failedFile(SQLException ex, List<Path> files) {
        String message = String.valueOf(ex.getMessage());
        for (Path file : files) {
            if (message.contains(file.getFileName().toString())) {
                return file;
            }
        }
        return files.get(0);
    }

    private void execute(List<String> statements, String what) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                log.debug("{}: {}", what, sql);
                try {
                    statement.execute(sql);
                }
                catch (SQLException ex) {
                    throw new SQLException(what + " failed: " + ex.getMessage() + " [" + sql + "]", ex.getSQLState(), ex);
                }
            }
        }
    }

    private void refuseDuplicateKeys(@Nullable String query, String root) throws SQLException {
        if (query == null) {
            return;
        }
        try (Statement statement = connection.createStatement(); ResultSet duplicate = statement.executeQuery(query)) {
            if (duplicate.next()) {
                StringBuilder key = new StringBuilder();
                for (int i = 1; i < duplicate.getMetaData().getColumnCount(); i++) {
                    key.append(i > 1 ? ", " : "").append(duplicate.getMetaData().getColumnLabel(i)).append('=')
                            .append(duplicate.getString(i));
                }
                throw new SQLException("Table '" + root + "': the primary key (" + key + ") appears "
                        + duplicate.getLong(duplicate.getMetaData().getColumnCount()) + " times in one load; upsert "
                        + "needs each key once per load (use delete-insert to deduplicate)", "21000");
            }
        }
    }

    /** The root tables that have jobs in the package, with their write disposition. */
    private static Map<String, WriteDisposition> chainsWithJobs(Schema packageSchema, List<Path> jobs) {
        Map<String, WriteDisposition> chains = new LinkedHashMap<>();
        for (Path job : jobs) {
            String tableName = JobFileName.parse(job.getFileName().toString()).tableName();
            if (!Schema.isSystemTable(tableName)) {
                Table root = packageSchema.rootTable(tableName);
                chains.put(root.name(), packageSchema.writeDisposition(root.name()));
            }
        }
        return chains;
    }

    /** The chain's tables that exist in the destination (they have columns), parents first. */
    private static List<Table> completeChain(Schema packageSchema, String root) {
        return packageSchema.tableChain(root).stream().filter(t -> !t.completeColumns().isEmpty()).toList();
    }

    /**
     * Staging copies live in this connection's temporary schema: concurrent loads into one dataset never share them
     * (dlt shares {@code <dataset>_staging} between runs and can lose rows, dlt#4297), and they vanish with the
     * connection if a run dies.
     */
    private List<Table> createStagingTables(Schema packageSchema, Set<String> roots) throws SQLException {
        List<Table> created = new ArrayList<>();
        try (Statement ddl = connection.createStatement()) {
            for (String root : roots) {
                for (Table table : completeChain(packageSchema, root)) {
                    ddl.execute("DROP TABLE IF EXISTS " + names.staging(table.name()));
                    List<String> definitions = new ArrayList<>();
                    for (Column column : table.completeColumns()) {
                        definitions.add(quote(column.name()) + " " + columnType(column)
                                + stagingCollation(table, column));
                    }
                    ddl.execute("CREATE TEMPORARY TABLE " + quote(table.name()) + " (" + String.join(", ", definitions)
                            + ")");
                    created.add(table);
                }
            }
        }
        return created;
    }

    private void dropStagingTables(List<Table> tables) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            for (Table table : tables) {
                ddl.execute("DROP TABLE IF EXISTS " + names.staging(table.name()));
            }
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
    /**
     * Creates and alters the tables of the chains this package loads: only those. A table the schema has but no job
     * of the package writes may have come from a package that was aborted (a table wider than the destination
     * allows, say); creating it would fail every later package too. Its chain is migrated when data for it comes.
     * Those tables are compared with the destination whatever the schema's version, since the version of a schema
     * that has such a table may be stored without it.
     */
    private void migrate(Schema packageSchema, Set<String> rootsWithJobs) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE SCHEMA IF NOT EXISTS " + quote(dataset));
        }
        Map<String, Set<String>> existing = existingColumns();
        for (String systemTable : List.of(Schema.VERSION_TABLE, Schema.LOADS_TABLE, Schema.PIPELINE_STATE_TABLE)) {
            migrateTable(packageSchema.requireTable(systemTable), existing);
        }
        for (String root : rootsWithJobs) {
            for (Table table : packageSchema.tableChain(root)) {
                migrateTable(table, existing);
            }
        }
        if (!isVersionStored(packageSchema)) {
            insertVersionRow(packageSchema);
        }
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
                createdTables.add(table);
                existing.put(table.name(), new LinkedHashSet<>(columns.stream().map(Column::name).toList()));
                return;
            }
            Map<String, String> types = columnTypes(table.name());
            for (Column column : columns) {
                DataType stored = present.contains(column.name()) ? storedDataType(types.get(column.name())) : null;
                if (stored != null && stored != column.type() && TypeWidening.exists(stored, column.type())) {
                    // the schema widened this column (an explicit setting): the destination follows
                    ddl.execute("ALTER TABLE " + qualified(table.name()) + " ALTER COLUMN " + quote(column.name())
                            + " TYPE " + columnType(column));
                }
                if (!present.contains(column.name())) {
                    // new columns are nullable: the table already has rows without them
                    ddl.execute("ALTER TABLE " + qualified(table.name()) + " ADD COLUMN " + quote(column.name()) + " "
                            + columnType(column) + columnCollation(column));
                    present.add(column.name());
                }
            }
        }
    }

    /** The destination's column types of a table, as {@code information_schema} names them. */
    private Map<String, String> columnTypes(String tableName) throws SQLException {
        Map<String, String> types = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT column_name, data_type FROM "
                + "information_schema.columns WHERE table_schema = ? AND table_name = ?")) {
            select.setString(1, dataset);
            select.setString(2, tableName);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    types.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return types;
    }

    /** The dlt type of a destination column type name, for the types widening starts from. */
    protected @Nullable DataType storedDataType(@Nullable String destinationType) {
        if (destinationType == null) {
            return null;
        }
        String type = destinationType.toLowerCase(java.util.Locale.ROOT);
        return switch (type) {
            case "bigint", "integer", "smallint", "tinyint", "hugeint" -> DataType.BIGINT;
            case "double", "double precision" -> DataType.DOUBLE;
            case "date" -> DataType.DATE;
            default -> type.startsWith("decimal") || type.startsWith("numeric") ? DataType.DECIMAL
                    : type.startsWith("timestamp") ? DataType.TIMESTAMP : null;
        };
    }

    /** Session settings for the package's transaction only (memory for its joins and index builds); none by default. */
    protected void prepareTransaction() throws SQLException {
    }

    /**
     * Called when the package's rows are in, before its commit, with the tables this package created: what is
     * cheaper to build over the loaded rows than row by row (an index) goes here. Nothing by default.
     *
     * @param firstJobOfTable the first job file of each table, to name when the rows break what is built
     */
    protected void afterTablesFilled(List<Table> created, Map<String, Path> firstJobOfTable) throws SQLException {
    }

    protected String columnDefinition(Column column) {
        return quote(column.name()) + " " + columnType(column) + columnCollation(column)
                + (column.nullable() ? "" : " NOT NULL");
    }

    /**
     * A collation clause (with its leading space) for a column of a dataset table and of its staging copy, which
     * should compare alike; empty for the database's collation.
     */
    protected String columnCollation(Column column) {
        return "";
    }

    /**
     * The collation clause of a column of a table's staging copy, created once the dataset's table exists: the
     * table's own, so that the two compare alike and the table's index serves joins with the copy. By default the
     * collation a new table gets.
     */
    protected String stagingCollation(Table table, Column column) throws SQLException {
        return columnCollation(column);
    }

    /**
     * An {@code ORDER BY} (with its leading space) for rows a merge or replace inserts into a table, when inserting
     * them in that order is cheaper; empty by default.
     */
    protected String insertOrder(Table table) {
        return "";
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
     * Replace, truncate-and-insert: every table of a replaced chain is emptied in the same transaction that loads the
     * new rows, so a failed load leaves the old rows in place (dlt empties them first and can leave empty tables,
     * dlt#3025).
     */
    private void emptyChains(Schema packageSchema, Set<String> roots) throws SQLException {
        if (roots.isEmpty()) {
            return;
        }
        Map<String, Set<String>> existing = existingColumns();
        try (Statement delete = connection.createStatement()) {
            for (String root : roots) {
                for (Table table : packageSchema.tableChain(root)) {
                    if (existing.containsKey(table.name())) {
                        delete.execute("DELETE FROM " + names.destination(table.name()) + " WHERE 1=1");
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
