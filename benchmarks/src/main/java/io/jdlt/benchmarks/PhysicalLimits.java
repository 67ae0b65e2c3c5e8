package io.jdlt.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import io.jdlt.destination.postgres.PostgresCredentials;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.postgresql.PGConnection;

/**
 * The fastest a destination takes the benchmark's rows (N parent rows of 14 columns and 2N child rows of 4, as jdlt
 * creates them) by its own bulk path, with the rows built before the clock starts: what jdlt's load stage is
 * measured against.
 */
final class PhysicalLimits {

    private static final String[] CITIES = {"Berlin", "Paris", "Rome", "Madrid", "Oslo", "Vienna", "Prague", "Lisbon"};
    private static final String[] STATUSES = {"new", "open", "closed", "done"};
    private static final long EPOCH_2000_MICROS = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli() * 1000;
    private static final long START_MICROS = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli() * 1000;

    private PhysicalLimits() {
    }

    /** DuckDB's appender, fed from Java arrays filled beforehand; seconds for both tables in one transaction. */
    static double duckDbAppender(Path dir, int rows) throws SQLException {
        String[] names = new String[rows];
        String[] emails = new String[rows];
        String[] ids = RowIds.parents(rows);
        String[] childIds = RowIds.children(ids);
        for (int k = 0; k < rows; k++) {
            names[k] = "name_" + k;
            emails[k] = "user" + k + "@example.com";
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("limit.duckdb"));
                Statement statement = connection.createStatement()) {
            statement.execute(DUCKDB_TABLES);
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            DuckDBConnection duckdb = connection.unwrap(DuckDBConnection.class);
            try (DuckDBAppender parent = duckdb.createAppender("main", "rows")) {
                for (int k = 0; k < rows; k++) {
                    parent.beginRow();
                    parent.append((long) k);
                    parent.append(names[k]);
                    parent.append(k * 0.25 + 0.5);
                    parent.append(k % 2 == 0);
                    parent.appendEpochMicros(START_MICROS + k * 1_000_000L);
                    parent.append(emails[k]);
                    parent.append((k * 7L) % 100003);
                    parent.append(CITIES[k % 8]);
                    parent.append((k % 1000) / 7.0);
                    parent.append(STATUSES[k % 4]);
                    parent.append((long) (k % 50000));
                    parent.append(CITIES[k % 8]);
                    parent.append("1795000000.000001");
                    parent.append(ids[k]);
                    parent.endRow();
                }
            }
            try (DuckDBAppender child = duckdb.createAppender("main", "rows__tags")) {
                for (int k = 0; k < rows; k++) {
                    for (int index = 0; index < 2; index++) {
                        child.beginRow();
                        child.append(index == 0 ? "a" : "b");
                        child.append(ids[k]);
                        child.append((long) index);
                        child.append(childIds[2 * k + index]);
                        child.endRow();
                    }
                }
            }
            connection.commit();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** DuckDB reading Parquet files of both tables (written beforehand by DuckDB itself) into new tables. */
    static double duckDbReadParquet(Path dir, int rows) throws SQLException {
        Path parentFile = dir.resolve("rows.parquet");
        Path childFile = dir.resolve("rows__tags.parquet");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("parquet.duckdb"));
                Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT k::BIGINT AS id, 'name_' || k AS name, k * 0.25 + 0.5 AS amount, "
                    + "k % 2 = 0 AS flag, TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(k) AS ts, "
                    + "'user' || k || '@example.com' AS email, (k * 7) % 100003 AS count, "
                    + "(['Berlin','Paris','Rome','Madrid','Oslo','Vienna','Prague','Lisbon'])[k % 8 + 1] AS city, "
                    + "(k % 1000) / 7.0 AS score, (['new','open','closed','done'])[k % 4 + 1] AS status, "
                    + "k % 50000 AS user__id, (['Berlin','Paris','Rome','Madrid','Oslo','Vienna','Prague','Lisbon'])"
                    + "[k % 8 + 1] AS user__address__city, '1795000000.000001' AS _dlt_load_id, " + DUCKDB_PARENT_ID + " AS _dlt_id "
                    + "FROM range(" + rows + ") t(k)) TO '" + parentFile + "' (FORMAT parquet)");
            statement.execute("COPY (SELECT CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END AS value, "
                    + DUCKDB_PARENT_ID.replace("k", "(i // 2)") + " AS _dlt_parent_id, i % 2 AS _dlt_list_idx, "
                    + "left(md5('c' || i), 22) AS _dlt_id FROM range(" + (2L * rows) + ") t(i)) TO '" + childFile
                    + "' (FORMAT parquet)");
            statement.execute(DUCKDB_TABLES);
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            statement.execute("INSERT INTO rows SELECT * FROM read_parquet('" + parentFile + "')");
            statement.execute("INSERT INTO rows__tags SELECT * FROM read_parquet('" + childFile + "')");
            connection.commit();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    /** A 22-character, random-looking id per parent row, as long as dlt's base64 row ids and as unordered. */
    private static final String DUCKDB_PARENT_ID = "left(md5('p' || k), 22)";

    private static final String DUCKDB_TABLES = "CREATE TABLE rows (id BIGINT, name VARCHAR, amount DOUBLE, "
            + "flag BOOLEAN, ts TIMESTAMP WITH TIME ZONE, email VARCHAR, count BIGINT, city VARCHAR, score DOUBLE, "
            + "status VARCHAR, user__id BIGINT, user__address__city VARCHAR, _dlt_load_id VARCHAR NOT NULL, "
            + "_dlt_id VARCHAR NOT NULL); CREATE TABLE rows__tags (value VARCHAR, _dlt_parent_id VARCHAR NOT NULL, "
            + "_dlt_list_idx BIGINT NOT NULL, _dlt_id VARCHAR NOT NULL)";

    /**
     * PostgreSQL's binary COPY of rows encoded beforehand, both tables created and filled in one transaction, as jdlt
     * leaves them: with dlt's unique constraint on {@code _dlt_id}, added once the rows are in (an index built by one
     * sort), the column compared byte by byte as jdlt declares it.
     */
    static double postgresBinaryCopy(PostgresCredentials server, int rows) throws SQLException, IOException {
        String[] ids = RowIds.parents(rows);
        byte[] parent = binaryParentRows(rows, ids);
        byte[] child = binaryChildRows(ids, RowIds.children(ids));
        try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
            String schema = "limit_" + System.nanoTime();
            statement.execute("CREATE SCHEMA " + schema + "; SET search_path TO " + schema);
            checkpoint(statement);
            connection.setAutoCommit(false);
            long start = System.nanoTime();
            // the memory jdlt's load gives the index build: it sorts in memory instead of spilling to disk
            statement.execute("SET LOCAL maintenance_work_mem = '256MB'");
            // created in the loading transaction, as jdlt creates a package's new tables: PostgreSQL may then skip
            // the WAL of the copied rows (wal_level=minimal)
            statement.execute("CREATE TABLE rows "
                    + "(id bigint, name varchar, amount double precision, flag boolean, ts timestamp with time zone, "
                    + "email varchar, count bigint, city varchar, score double precision, status varchar, "
                    + "user__id bigint, user__address__city varchar, _dlt_load_id varchar NOT NULL, "
                    + "_dlt_id varchar COLLATE \"C\" NOT NULL); CREATE TABLE rows__tags (value varchar, "
                    + "_dlt_parent_id varchar NOT NULL, _dlt_list_idx bigint NOT NULL, "
                    + "_dlt_id varchar COLLATE \"C\" NOT NULL)");
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            copy.copyIn("COPY rows FROM STDIN (FORMAT binary)", new ByteArrayInputStream(parent));
            copy.copyIn("COPY rows__tags FROM STDIN (FORMAT binary)", new ByteArrayInputStream(child));
            // dlt's unique _dlt_id, built over the loaded rows: the fastest way to the tables jdlt leaves
            statement.execute("ALTER TABLE rows ADD UNIQUE (_dlt_id); ALTER TABLE rows__tags ADD UNIQUE (_dlt_id)");
            connection.commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            connection.setAutoCommit(true);
            statement.execute("DROP SCHEMA " + schema + " CASCADE");
            return seconds;
        }
    }

    /** {@link #checkpoint(Statement)} on a connection of its own: before a pipeline run is timed. */
    static void checkpoint(PostgresCredentials server) throws SQLException {
        try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
            checkpoint(statement);
        }
    }

    private static Connection connect(PostgresCredentials server) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", server.username());
        if (server.password() != null) {
            properties.setProperty("password", server.password());
        }
        return DriverManager.getConnection(server.jdbcUrl(), properties);
    }

    /**
     * Writes out what the run before left in PostgreSQL's buffers, so that its checkpoint does not share the disk and
     * cores with the limit's clock. Needs a superuser (the embedded server's); without one the limit runs as it is.
     */
    private static void checkpoint(Statement statement) {
        try {
            statement.execute("CHECKPOINT");
        }
        catch (SQLException notAllowed) {
            System.out.println("(no CHECKPOINT before the PostgreSQL limit: " + notAllowed.getMessage() + ")");
        }
    }

    /** Writing the normalized files of a run again, to the same disk: what a local filesystem destination does. */
    static double fileCopy(Path normalizedFiles, Path target) throws IOException {
        Files.createDirectories(target);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(normalizedFiles)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        long start = System.nanoTime();
        for (Path file : files) {
            Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static byte[] binaryParentRows(int rows, String[] ids) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(rows * 160);
                DataOutputStream out = new DataOutputStream(bytes)) {
            header(out);
            for (int k = 0; k < rows; k++) {
                out.writeShort(14);
                int64(out, k);
                text(out, "name_" + k);
                float64(out, k * 0.25 + 0.5);
                out.writeInt(1);
                out.writeByte(k % 2 == 0 ? 1 : 0);
                int64(out, START_MICROS + k * 1_000_000L - EPOCH_2000_MICROS);
                text(out, "user" + k + "@example.com");
                int64(out, (k * 7L) % 100003);
                text(out, CITIES[k % 8]);
                float64(out, (k % 1000) / 7.0);
                text(out, STATUSES[k % 4]);
                int64(out, k % 50000);
                text(out, CITIES[k % 8]);
                text(out, "1795000000.000001");
                text(out, ids[k]);
            }
            out.writeShort(-1);
            out.flush();
            return bytes.toByteArray();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static byte[] binaryChildRows(String[] ids, String[] childIds) {
        int rows = ids.length;
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(rows * 120);
                DataOutputStream out = new DataOutputStream(bytes)) {
            header(out);
            for (int k = 0; k < rows; k++) {
                for (int index = 0; index < 2; index++) {
                    out.writeShort(4);
                    text(out, index == 0 ? "a" : "b");
                    text(out, ids[k]);
                    int64(out, index);
                    text(out, childIds[2 * k + index]);
                }
            }
            out.writeShort(-1);
            out.flush();
            return bytes.toByteArray();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void header(DataOutputStream out) throws IOException {
        out.write("PGCOPY\n".getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[] {(byte) 0xFF, '\r', '\n', 0});
        out.writeInt(0);
        out.writeInt(0);
    }

    private static void int64(DataOutputStream out, long value) throws IOException {
        out.writeInt(8);
        out.writeLong(value);
    }

    private static void float64(DataOutputStream out, double value) throws IOException {
        out.writeInt(8);
        out.writeDouble(value);
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
