package io.jdlt.destination.postgres;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.io.OutputStream;

import io.jdlt.destination.ReplaceStrategy;
import io.jdlt.destination.sql.SqlJobClient;
import io.jdlt.json.Json;
import io.jdlt.schema.Column;
import io.jdlt.schema.ColumnHint;
import io.jdlt.schema.DataType;
import io.jdlt.schema.Table;
import io.jdlt.format.CsvConversion;
import io.jdlt.format.InPlaceBytes;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Loads job files with {@code COPY … FROM STDIN}: JSON lines and CSV records are turned into binary rows
 * ({@link BinaryCopyRows}) as they are read; for a table with a column type that form does not write, JSON lines go
 * in as CSV text and CSV files as they are. A file is never held in memory and no row goes through an INSERT.
 */
final class PostgresJobClient extends SqlJobClient {

    private static final int COPY_CHUNK = 256 * 1024;

    private final Runnable resetSession;
    /**
     * The type names of each table's columns (pg_type.typname) as the destination has them, read once per table and
     * package: the package's migration has run before its first file loads, and a table has many files.
     */
    private final Map<String, Map<String, String>> columnTypeNames = new HashMap<>();

    PostgresJobClient(Connection connection, String dataset, ReplaceStrategy replaceStrategy, Runnable resetSession) {
        super(connection, dataset, replaceStrategy);
        this.resetSession = resetSession;
    }

    @Override
    public void close() {
        resetSession.run();
        super.close();
    }

    @Override
    protected String columnType(Column column) {
        Integer precision = column.precision();
        return switch (column.type()) {
            case TEXT -> precision == null ? "varchar" : "varchar(" + precision + ")";
            case DOUBLE -> "double precision";
            case BOOL -> "boolean";
            case TIMESTAMP -> "timestamp" + (precision == null ? "" : " (" + precision + ")")
                    + (column.hasTimezone() ? " with time zone" : " without time zone");
            case BIGINT -> precision == null ? "bigint" : precision <= 16 ? "smallint" : precision <= 32 ? "integer"
                    : "bigint";
            case BINARY -> "bytea";
            case JSON -> "jsonb";
            case DECIMAL -> precision == null ? "numeric(38,9)"
                    : "numeric(" + precision + "," + (column.scale() == null ? 0 : column.scale()) + ")";
            case WEI -> "numeric(156,78)";
            case DATE -> "date";
            case TIME -> "time without time zone";
        };
    }

    /**
     * A row key ({@code _dlt_id}: random or a digest, never read for its order) is compared byte by byte with
     * {@code COLLATE "C"}, in the dataset's table and in its staging copy. Under the database's collation every
     * comparison of its unique index goes through the locale ({@code strcoll}, and PostgreSQL sorts such keys without
     * abbreviation): building the index over 2M keys took 1.7 s instead of 0.65 s, and a merge sorts staged nested rows
     * by it. Equality, and so uniqueness, is the same under any deterministic collation; a join with a column of the
     * database's collation compares under "C" (a default and a non-default collation combine to the non-default one),
     * so the index serves it.
     */
    @Override
    protected String columnCollation(Column column) {
        return column.has(ColumnHint.ROW_KEY) && column.dataType() == DataType.TEXT ? " COLLATE \"C\"" : "";
    }

    /**
     * A table created before jdlt declared row keys {@code "C"} keeps the database's collation, and so does its
     * staging copy: compared under "C", the copy's keys could not use the table's index.
     */
    @Override
    protected String stagingCollation(Table table, Column column) throws SQLException {
        String collation = columnCollation(column);
        if (collation.isEmpty()) {
            return collation;
        }
        try (PreparedStatement select = connection.prepareStatement("SELECT collation_name FROM "
                + "information_schema.columns WHERE table_schema = ? AND table_name = ? AND column_name = ?")) {
            select.setString(1, dataset);
            select.setString(2, table.name());
            select.setString(3, column.name());
            try (java.sql.ResultSet rows = select.executeQuery()) {
                return rows.next() && "C".equals(rows.getString(1)) ? collation : "";
            }
        }
    }

    /**
     * Rows a merge inserts go in in the order of the table's unique index (the row key's, if it has one): each index
     * page is then found hot for the next key instead of at random (a 1M-row delete-insert merge: the root insert
     * 5.4 s → 3.1 s).
     */
    @Override
    protected String insertOrder(Table table) {
        List<Column> unique = table.completeColumns().stream().filter(column -> column.has(ColumnHint.UNIQUE))
                .sorted(java.util.Comparator.comparing(column -> !column.has(ColumnHint.ROW_KEY))).toList();
        return unique.isEmpty() ? "" : " ORDER BY " + quote(unique.get(0).name());
    }

    /**
     * dlt's {@code create_indexes=True} on PostgreSQL: {@code unique} columns ({@code _dlt_id}) get a constraint. On a
     * table this package created it is added once the rows are in: PostgreSQL builds the index by sorting them, in a
     * fraction of the time it takes to maintain it row by row, and the table is not visible to anyone before the
     * commit. A duplicate fails the table's first job, as it would have failed during the copy.
     */
    @Override
    protected void afterTablesFilled(List<Table> created, Map<String, Path> firstJobOfTable) throws SQLException {
        for (Table table : created) {
            // as the CREATE TABLE did: only columns that exist (a declared column without data has no type yet)
            for (Column column : table.completeColumns().stream().filter(c -> c.has(ColumnHint.UNIQUE)).toList()) {
                try (java.sql.Statement ddl = connection.createStatement()) {
                    ddl.execute("ALTER TABLE " + qualified(table.name()) + " ADD UNIQUE (" + quote(column.name()) + ")");
                }
                catch (SQLException ex) {
                    Path job = firstJobOfTable.get(table.name());
                    if (isDataError(ex) && job != null) {
                        throw new io.jdlt.destination.JobFailedException(table.name(), job, String.valueOf(ex.getMessage()), ex);
                    }
                    throw ex;
                }
            }
        }
    }

    @Override
    protected String stagingName(String table) {
        return "pg_temp." + quote(table);
    }

    /**
     * {@code ANALYZE} of a temporary table: autovacuum never analyzes one, and without statistics PostgreSQL plans a
     * merge's {@code IN}/{@code EXISTS} over a million staged keys as if there were a few (a 1M-row merge: 31 s →
     * 21 s). It samples 30,000 rows, whatever the table's size.
     */
    @Override
    protected List<String> analyzeStatements(String table) {
        return List.of("ANALYZE " + table);
    }

    /** A transaction-scoped advisory lock on the dataset's name: loads into one dataset take turns. */
    @Override
    protected void lockDataset() throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, "jdlt:" + dataset);
            lock.execute();
        }
    }

    /**
     * More memory than PostgreSQL's defaults for this transaction only: a merge hashes the staged keys and an index
     * over new rows is built by one sort, and both spill to disk (or fall back to slower plans) past the default 4 MB
     * / 64 MB. Modest values: work_mem applies per hash node. {@code SET LOCAL} ends with the transaction, so a pooled connection goes back unchanged.
     */
    @Override
    protected void prepareTransaction() throws SQLException {
        // this package's migration may change types the previous package's files were written for
        columnTypeNames.clear();
        try (java.sql.Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL work_mem = '64MB'");
            statement.execute("SET LOCAL maintenance_work_mem = '256MB'");
        }
    }

    @Override
    protected void loadFile(Table table, String target, Path file) throws SQLException {
        List<Column> columns = table.completeColumns();
        if (columns.isEmpty()) {
            return;
        }
        boolean csv = file.getFileName().toString().contains(".csv");
        List<Column> fileColumns = csv ? csvFileColumns(table, file) : columns;
        if (fileColumns.isEmpty()) {
            return;
        }
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < fileColumns.size(); i++) {
            names.append(i == 0 ? "" : ", ").append(quote(fileColumns.get(i).name()));
        }
        @Nullable List<BinaryCopyRows.FieldType> binaryTypes = binaryTypes(target, fileColumns);
        String sql = "COPY " + target + " (" + names + ") FROM STDIN WITH (FORMAT "
                + (binaryTypes != null ? "binary)" : "csv" + (csv ? ", HEADER true" : "") + ")");
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
                InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 64 * 1024) : raw;
                OutputStream out = new CopyStream(copy)) {
            List<String> columnNames = fileColumns.stream().map(Column::name).toList();
            if (binaryTypes != null) {
                if (csv) {
                    BinaryCopyRows.convertCsv(in, columnNames, binaryTypes, out);
                }
                else {
                    BinaryCopyRows.convert(in, columnNames, binaryTypes, out);
                }
            }
            else if (csv) {
                // the normalizer wrote the CSV for this table, for types of its own: it streams in as it is
                in.transferTo(out);
            }
            else {
                CsvConversion.convert(in, fileColumns, false, out);
            }
            out.flush();
            copy.endCopy();
        }
        catch (IOException | java.io.UncheckedIOException | JacksonException ex) {
            cancel(copy);
            if (ex.getCause() instanceof SQLException refused) {
                // the server refused the data while it streamed in: its error, with its SQLState
                throw refused;
            }
            throw new SQLException("cannot read job file " + file.getFileName() + ": " + ex.getMessage(), "58030", ex);
        }
        catch (SQLException | RuntimeException ex) {
            cancel(copy);
            throw ex;
        }
    }

    /**
     * The binary {@code COPY} type of each column as the destination table has it, or {@code null} when one of them
     * has a type {@link BinaryCopyRows} does not write, or not the one jdlt creates for the column (a table altered by
     * hand): the file then goes in as CSV text, read by PostgreSQL as before.
     */
    private @Nullable List<BinaryCopyRows.FieldType> binaryTypes(String target, List<Column> columns)
            throws SQLException {
        Map<String, String> typeNames = columnTypeNames.get(target);
        if (typeNames == null) {
            typeNames = typeNames(target);
            columnTypeNames.put(target, typeNames);
        }
        List<BinaryCopyRows.FieldType> types = new java.util.ArrayList<>();
        for (Column column : columns) {
            String typeName = typeNames.get(column.name());
            java.util.Optional<BinaryCopyRows.FieldType> type = typeName == null ? java.util.Optional.empty()
                    : BinaryCopyRows.FieldType.of(typeName);
            if (type.isEmpty() || !type.get().holds(column.type())) {
                return null;
            }
            types.add(type.get());
        }
        return types;
    }

    private Map<String, String> typeNames(String target) throws SQLException {
        Map<String, String> typeNames = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT a.attname, t.typname FROM pg_attribute a "
                + "JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = ?::regclass AND a.attnum > 0 "
                + "AND NOT a.attisdropped")) {
            select.setString(1, target);
            try (java.sql.ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    typeNames.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        return typeNames;
    }

    private static void cancel(CopyIn copy) {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        catch (SQLException ignored) {
            // the transaction is rolled back anyway
        }
    }

    /** Sends what is written to it into the COPY, in chunks. */
    private static final class CopyStream extends OutputStream {
        private final CopyIn copy;
        private final InPlaceBytes chunk = new InPlaceBytes(COPY_CHUNK + 4096);

        CopyStream(CopyIn copy) {
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            chunk.write(b);
            drainIfFull();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            chunk.write(b, off, len);
            drainIfFull();
        }

        private void drainIfFull() throws IOException {
            if (chunk.size() >= COPY_CHUNK) {
                flush();
            }
        }

        @Override
        public void flush() throws IOException {
            if (chunk.size() > 0) {
                try {
                    copy.writeToCopy(chunk.array(), 0, chunk.size());
                }
                catch (SQLException ex) {
                    throw new IOException(ex.getMessage(), ex);
                }
                chunk.reset();
            }
        }
    }
}
