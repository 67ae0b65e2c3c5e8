package io.jdlt.destination.duckdb;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jdlt.TerminalException;
import io.jdlt.destination.ReplaceStrategy;
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
    // DuckDB error types that mean the data, or the file, is refused
    private static final List<String> DATA_ERROR_TYPES = List.of("Conversion Error", "Invalid Input Error",
            "Constraint Error", "Out of Range Error", "Mismatch Type Error");

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
        return switch (column.dataType()) {
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
        return switch (column.dataType()) {
            case DOUBLE -> "DOUBLE";
            case BOOL -> "BOOLEAN";
            case BIGINT -> "BIGINT";
            case JSON -> "JSON";
            default -> "VARCHAR";
        };
    }

    private String selectExpression(Column column) {
        String name = quote(column.name());
        return switch (column.dataType()) {
            case BINARY -> "from_base64(" + name + ")";
            case TIMESTAMP, DECIMAL, WEI, DATE, TIME -> "CAST(" + name + " AS " + columnType(column) + ")";
            default -> name;
        };
    }

    /**
     * DuckDB's JDBC driver sets no SQLState; its messages start with the error type. These types mean the data
     * (or the file) is what the database refuses.
     */
    @Override
    protected boolean isDataError(SQLException ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? "" : cause.getMessage();
            for (String type : DATA_ERROR_TYPES) {
                if (message.startsWith(type)) {
                    return true;
                }
            }
        }
        return super.isDataError(ex);
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
     * The files of one table, all of one format (a package is normalized into one loader file format). CSV files go
     * one by one: a CSV reader of several files allocates a buffer of 16 times {@code max_line_size} per thread.
     */
    @Override
    protected void loadFiles(Table table, String target, List<Path> files) throws SQLException {
        Map<String, List<Path>> byFormat = new LinkedHashMap<>();
        for (Path file : files) {
            byFormat.computeIfAbsent(formatOf(file), f -> new ArrayList<>()).add(file);
        }
        if (byFormat.size() > 1) {
            // a Parquet package holds an empty JSON-lines job for a table that had no columns when it was written
            for (List<Path> sameFormat : byFormat.values()) {
                loadFiles(table, target, sameFormat);
            }
            return;
        }
        String fileName = files.get(0).getFileName().toString();
        boolean csv = fileName.contains(".csv");
        // DuckDB's CSV reader holds 16 times max_line_size per file and thread: sized by the longest line normalize
        // wrote where it is known, else by the largest row jdlt accepts, and then one file at a time
        Long longestLine = csv ? longestCsvLine(files) : null;
        long maxLineSize = longestLine == null ? MAX_OBJECT_SIZE : Math.max(CSV_DEFAULT_LINE_SIZE, longestLine + 1);
        if (csv && files.size() > 1) {
            // files of one table may differ in their columns (a new column starts a new file): only files with the
            // same header are read together, and only with a modest line size
            Map<List<Column>, List<Path>> byHeader = new LinkedHashMap<>();
            for (Path file : files) {
                byHeader.computeIfAbsent(csvColumns(table, file), h -> new ArrayList<>()).add(file);
            }
            if (byHeader.size() > 1 || maxLineSize > CSV_BATCH_LINE_SIZE) {
                for (List<Path> sameHeader : byHeader.values()) {
                    if (sameHeader.size() > 1 && maxLineSize <= CSV_BATCH_LINE_SIZE) {
                        loadFiles(table, target, sameHeader);
                        continue;
                    }
                    for (Path file : sameHeader) {
                        try {
                            loadFiles(table, target, List.of(file));
                        }
                        catch (SQLException ex) {
                            // the failed job is the one file this statement read
                            throw new SQLException(ex.getMessage() + " (job file " + file.getFileName() + ")",
                                    ex.getSQLState(), ex);
                        }
                    }
                }
                return;
            }
        }
        // a CSV or Parquet file has the columns its table had when the file was started; a JSON line has its own
        List<Column> columns = csv ? csvColumns(table, files.get(0)) : table.completeColumns();
        if (columns.isEmpty()) {
            // an empty replace job of a table that had no data when it was written: nothing to insert
            return;
        }
        String fileList = fileList(files);
        String sql;
        if (fileName.endsWith(".parquet")) {
            // Parquet carries its column types: DuckDB reads them as they are, matched by name, and a column one
            // file lacks is NULL in its rows
            sql = "INSERT INTO " + target + " BY NAME SELECT * FROM read_parquet(" + fileList + ", union_by_name = true)";
        }
        else {
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
     * The longest line among CSV job files, from the package's {@link LoadPackage#CSV_LINE_BYTES_FILE}; {@code null}
     * if a file is not listed there (a staged copy, or a package normalized before jdlt recorded it).
     */
    private static @org.jspecify.annotations.Nullable Long longestCsvLine(List<Path> files) {
        long longest = 0;
        Map<Path, Map<String, Object>> byPackage = new java.util.HashMap<>();
        for (Path file : files) {
            Path folder = file.toAbsolutePath().getParent();
            Path packageRoot = folder == null ? null : folder.getParent();
            if (packageRoot == null) {
                return null;
            }
            Map<String, Object> lines = byPackage.computeIfAbsent(packageRoot, root -> {
                Path recorded = root.resolve(LoadPackage.CSV_LINE_BYTES_FILE);
                return java.nio.file.Files.exists(recorded) ? io.jdlt.json.Json.readMap(recorded) : Map.of();
            });
            if (!(lines.get(file.getFileName().toString()) instanceof Number bytes)) {
                return null;
            }
            longest = Math.max(longest, bytes.longValue());
        }
        return longest;
    }

    /** A job file's format from its extension: a staged file keeps the extension but not the job file name. */
    private static String formatOf(Path file) {
        String name = file.getFileName().toString();
        name = name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** The table's columns a CSV job file has, in the order of its header. */
    private static List<Column> csvColumns(Table table, Path file) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try {
            for (String name : io.jdlt.storage.CsvConversion.readHeader(file)) {
                Column column = table.column(name);
                if (column == null) {
                    throw new SQLException("Invalid Input Error: job file " + file.getFileName() + " has a column '"
                            + name + "' that table '" + table.name() + "' does not have");
                }
                columns.add(column);
            }
        }
        catch (java.io.IOException ex) {
            throw new SQLException("cannot read job file " + file.getFileName() + ": " + ex.getMessage(), ex);
        }
        return columns;
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
