package io.jdlt.destination.duckdb;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jdlt.common.TerminalException;
import io.jdlt.destination.ReplaceStrategy;
import io.jdlt.destination.SqlErrors;
import io.jdlt.destination.sql.SqlJobClient;
import io.jdlt.schema.Column;
import io.jdlt.schema.Table;
import io.jdlt.storage.LoadPackage;

/**
 * Loads jsonl job files with DuckDB's own reader ({@code INSERT … SELECT … FROM read_json(…)}), which parses the
 * file in parallel inside DuckDB: no row passes through JDBC.
 */
final class DuckDbJobClient extends SqlJobClient {

    // a row may be as large as the biggest value jdlt accepts; DuckDB's default object limit is 16 MB
    private static final long MAX_OBJECT_SIZE = 1L << 30;
    // DuckDB's own default max_line_size, and the largest with which a table's CSV files are read together
    private static final long CSV_DEFAULT_LINE_SIZE = 2L << 20;
    private static final long CSV_BATCH_LINE_SIZE = 4L << 20;
    private final Runnable onClose;
    private final String catalog;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    DuckDbJobClient(Connection connection, String dataset, ReplaceStrategy replaceStrategy, Runnable onClose)
            throws SQLException {
        super(connection, dataset, replaceStrategy);
        this.onClose = onClose;
        try (Statement statement = connection.createStatement()) {
            // casts between dates, naive and zoned timestamps (widening, timezone=false columns) happen in UTC, as
            // jdlt's values are, whatever the machine's time zone
            statement.execute("SET TimeZone = 'UTC'");
            try (java.sql.ResultSet current = statement.executeQuery("SELECT current_database()")) {
                current.next();
                this.catalog = current.getString(1);
            }
        }
    }

    @Override
    protected String stagingName(String table) {
        return "temp.main." + quote(table);
    }

    /** The destination already holds its database file for this client's whole life (see DuckDbDestination). */
    @Override
    protected void lockDataset() {
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            super.close();
        }
        finally {
            onClose.run();
        }
    }

    @Override
    protected String columnType(Column column) {
        Integer precision = column.precision();
        return switch (column.type()) {
            case TEXT -> "VARCHAR";
            case DOUBLE -> "DOUBLE";
            case BOOL -> "BOOLEAN";
            // dlt's DuckDbTypeMapper: without a time zone the precision picks the storage unit
            case TIMESTAMP -> column.hasTimezone() ? "TIMESTAMP WITH TIME ZONE"
                    : precision == null ? "TIMESTAMP" : precision == 0 ? "TIMESTAMP_S"
                    : precision <= 3 ? "TIMESTAMP_MS" : precision <= 6 ? "TIMESTAMP" : "TIMESTAMP_NS";
            case BIGINT -> precision == null ? "BIGINT" : precision <= 8 ? "TINYINT" : precision <= 16 ? "SMALLINT"
                    : precision <= 32 ? "INTEGER" : precision <= 64 ? "BIGINT" : "HUGEINT";
            case BINARY -> "BLOB";
            case JSON -> "JSON";
            case DECIMAL -> precision == null ? "DECIMAL(38,9)"
                    : "DECIMAL(" + precision + "," + (column.scale() == null ? 0 : column.scale()) + ")";
            case WEI -> "DECIMAL(38,0)";
            case DATE -> "DATE";
            case TIME -> "TIME";
        };
    }

    /** How the value appears in the JSON line: the string forms are cast by the SELECT. */
    private static String jsonType(Column column) {
        return switch (column.type()) {
            case DOUBLE -> "DOUBLE";
            case BOOL -> "BOOLEAN";
            case BIGINT -> "BIGINT";
            case JSON -> "JSON";
            default -> "VARCHAR";
        };
    }

    private String selectExpression(Column column) {
        String name = quote(column.name());
        return switch (column.type()) {
            case BINARY -> "from_base64(" + name + ")";
            case TIMESTAMP, DECIMAL, WEI, DATE, TIME -> "CAST(" + name + " AS " + columnType(column) + ")";
            default -> name;
        };
    }

    /** DuckDB's JDBC driver sets no SQLState: its messages start with the error type. */
    @Override
    protected SqlErrors.Kind classify(SQLException ex) {
        return SqlErrors.classify(ex, DuckDbErrors.INSTANCE);
    }

    /**
     * Catalog, schema and table: a dataset named like the database file (its catalog) would otherwise be an
     * ambiguous reference.
     */
    @Override
    protected String qualified(String tableName) {
        return quote(catalog) + "." + super.qualified(tableName);
    }

    @Override
    protected void loadFile(Table table, String target, Path file) throws SQLException {
        loadFiles(table, target, List.of(file));
    }

    /** DuckDB reads the files of one statement in parallel, one per thread: a table's files go in together. */
    @Override
    protected boolean loadsFilesTogether() {
        return true;
    }

    /**
     * The files of one table, by format (a Parquet package may hold an empty JSON-lines job of a table that had no
     * columns when it was written). JSON-lines and Parquet files are read in one statement; CSV by {@link #loadCsv}.
     */
    @Override
    protected void loadFiles(Table table, String target, List<Path> files) throws SQLException {
        Map<String, List<Path>> byFormat = new LinkedHashMap<>();
        for (Path file : files) {
            byFormat.computeIfAbsent(formatOf(file), f -> new ArrayList<>()).add(file);
        }
        for (Map.Entry<String, List<Path>> sameFormat : byFormat.entrySet()) {
            if (sameFormat.getKey().equals("csv")) {
                loadCsv(table, target, sameFormat.getValue());
            }
            else {
                insert(table, target, sameFormat.getValue(), table.completeColumns(), 0);
            }
        }
    }

    /**
     * CSV files: DuckDB's CSV reader holds 16 times {@code max_line_size} per file and thread, so it is sized by the
     * longest line normalize recorded, and the files of one header go in together only while that is modest. A file
     * the record does not list gets the largest row jdlt accepts and a statement of its own.
     */
    private void loadCsv(Table table, String target, List<Path> files) throws SQLException {
        Map<Path, Long> recorded = recordedCsvLines(files);
        long longest = recorded.values().stream().mapToLong(Long::longValue).max().orElse(0);
        boolean together = recorded.size() == files.size() && lineSize(longest) <= CSV_BATCH_LINE_SIZE;
        // files of one table may differ in their columns: a new column starts a new file
        Map<List<Column>, List<Path>> byHeader = new LinkedHashMap<>();
        for (Path file : files) {
            byHeader.computeIfAbsent(csvFileColumns(table, file), h -> new ArrayList<>()).add(file);
        }
        for (Map.Entry<List<Column>, List<Path>> sameHeader : byHeader.entrySet()) {
            List<Path> group = sameHeader.getValue();
            if (together && group.size() > 1) {
                insert(table, target, group, sameHeader.getKey(), lineSize(longest));
                continue;
            }
            for (Path file : group) {
                Long lines = recorded.get(file);
                try {
                    insert(table, target, List.of(file), sameHeader.getKey(),
                            lines == null ? MAX_OBJECT_SIZE : lineSize(lines));
                }
                catch (SQLException ex) {
                    // the failed job is the one file this statement read
                    throw new SQLException(ex.getMessage() + " (job file " + file.getFileName() + ")",
                            ex.getSQLState(), ex);
                }
            }
        }
    }

    /** DuckDB's {@code max_line_size} for lines of at most {@code longest} bytes: never below its own default. */
    private static long lineSize(long longest) {
        return Math.max(CSV_DEFAULT_LINE_SIZE, longest + 1);
    }

    /**
     * One {@code INSERT … SELECT} from DuckDB's reader of the files' format.
     *
     * @param columns the files' columns: the table's for JSON lines (a line has its own), the header's for CSV;
     *        Parquet files carry theirs
     * @param maxLineSize CSV only
     */
    private void insert(Table table, String target, List<Path> files, List<Column> columns, long maxLineSize)
            throws SQLException {
        if (columns.isEmpty()) {
            // an empty replace job of a table that had no data when it was written: nothing to insert
            return;
        }
        String fileList = fileList(files);
        String format = formatOf(files.get(0));
        String sql;
        if (format.equals("parquet")) {
            // Parquet carries its column types: DuckDB reads them as they are, matched by name, and a column one
            // file lacks is NULL in its rows
            sql = "INSERT INTO " + target + " BY NAME SELECT * FROM read_parquet(" + fileList + ", union_by_name = true)";
        }
        else {
            boolean csv = format.equals("csv");
            List<String> names = new ArrayList<>();
            List<String> expressions = new ArrayList<>();
            List<String> spec = new ArrayList<>();
            for (Column column : columns) {
                names.add(quote(column.name()));
                spec.add(literal(column.name()) + ": " + literal(csv && column.dataType() == io.jdlt.schema.DataType.JSON
                        ? "VARCHAR" : jsonType(column)));
                // CSV brings binary as text in \x hex
                expressions.add(csv && column.dataType() == io.jdlt.schema.DataType.BINARY
                        ? "unhex(substr(" + quote(column.name()) + ", 3))" : selectExpression(column));
            }
            String reader = csv
                    // jdlt's CSV: a header, text always quoted, NULL an empty unquoted field
                    ? "read_csv(" + fileList + ", header = true, auto_detect = false, delim = ',', quote = '\"', "
                            + "escape = '\"', allow_quoted_nulls = false, max_line_size = " + maxLineSize
                            + ", columns = {" + String.join(", ", spec) + "})"
                    : "read_json(" + fileList + ", format = 'newline_delimited', maximum_object_size = "
                            + MAX_OBJECT_SIZE + ", columns = {" + String.join(", ", spec) + "})";
            sql = "INSERT INTO " + target + " (" + String.join(", ", names) + ") SELECT "
                    + String.join(", ", expressions) + " FROM " + reader;
        }
        try (Statement insert = connection.createStatement()) {
            insert.execute(sql);
        }
    }

    /**
     * The longest line of each CSV job file that the package's {@link LoadPackage#CSV_LINE_BYTES_FILE} lists; a
     * staged copy, or a package normalized before jdlt recorded it, is not listed.
     */
    private static Map<Path, Long> recordedCsvLines(List<Path> files) {
        Map<Path, Long> recorded = new java.util.HashMap<>();
        Map<Path, Map<String, Object>> byPackage = new java.util.HashMap<>();
        for (Path file : files) {
            Path folder = file.toAbsolutePath().getParent();
            Path packageRoot = folder == null ? null : folder.getParent();
            if (packageRoot == null) {
                continue;
            }
            Map<String, Object> lines = byPackage.computeIfAbsent(packageRoot, root -> {
                Path record = root.resolve(LoadPackage.CSV_LINE_BYTES_FILE);
                return java.nio.file.Files.exists(record) ? io.jdlt.json.Json.readMap(record) : Map.of();
            });
            if (lines.get(file.getFileName().toString()) instanceof Number bytes) {
                recorded.put(file, bytes.longValue());
            }
        }
        return recorded;
    }

    /** A job file's format from its extension: a staged file keeps the extension but not the job file name. */
    private static String formatOf(Path file) {
        String name = file.getFileName().toString();
        name = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static String fileList(List<Path> files) {
        List<String> paths = new ArrayList<>();
        for (Path file : files) {
            String path = file.toAbsolutePath().toString();
            if (path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0) {
                // the readers take their arguments as glob patterns, and DuckDB cannot escape one
                throw new TerminalException("DuckDB cannot load " + path + ": the pipelines dir contains a glob "
                        + "character (*, ? or [); choose a pipelines dir without them");
            }
            paths.add(literal(path));
        }
        return "[" + String.join(", ", paths) + "]";
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
