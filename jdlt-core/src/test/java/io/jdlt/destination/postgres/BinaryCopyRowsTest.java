package io.jdlt.destination.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.jdlt.schema.Column;
import io.jdlt.schema.DataType;
import io.jdlt.format.CsvConversion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Rows sent in PostgreSQL's binary COPY format arrive as the same values as their CSV text would: each case is
 * loaded both ways into tables of every type jdlt creates, and PostgreSQL's own text input is the expectation.
 */
class BinaryCopyRowsTest {

    private static final List<String> COLUMNS = List.of("t", "t5", "i2", "i4", "i8", "f8", "b", "tstz", "ts", "ts3",
            "d", "tm", "n", "w", "j", "by");
    private static final String TYPES = "t varchar, t5 varchar(5), i2 smallint, i4 integer, i8 bigint, "
            + "f8 double precision, b boolean, tstz timestamp with time zone, ts timestamp without time zone, "
            + "ts3 timestamp (3) with time zone, d date, tm time without time zone, n numeric(38,9), "
            + "w numeric(156,78), j jsonb, by bytea";

    private Connection connection;

    @BeforeEach
    void connect() throws SQLException {
        PostgresCredentials server = TestPostgres.credentials();
        connection = DriverManager.getConnection(server.jdbcUrl(), TestPostgres.properties());
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS binary_copy CASCADE; CREATE SCHEMA binary_copy; "
                    + "CREATE TABLE binary_copy.as_text (" + TYPES + "); CREATE TABLE binary_copy.as_binary (" + TYPES
                    + ")");
        }
    }

    @AfterEach
    void disconnect() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA binary_copy CASCADE");
        }
        connection.close();
    }

    @Test
    void everyTypeArrivesAsItsCsvTextWould() throws Exception {
        String lines = String.join("\n",
                // what normalize writes
                "{\"t\": \"name_1\", \"t5\": \"abc\", \"i2\": 7, \"i4\": -70000, \"i8\": 9007199254740993, "
                        + "\"f8\": 0.14285714285714285, \"b\": true, \"tstz\": \"2024-01-01T00:00:01Z\", "
                        + "\"ts\": \"2024-01-01T10:00:00Z\", \"ts3\": \"2024-01-01T00:00:00.123456Z\", "
                        + "\"d\": \"2024-02-29\", \"tm\": \"13:14:15.123456\", \"n\": \"12345.678901234\", "
                        + "\"w\": \"-1234567890123456789012345678.000000000000000000000000000000000000000000000001\", "
                        + "\"j\": {\"a\": [1, 2.5, \"x\"], \"b\": null}, \"by\": \"AAEC/w==\"}",
                // nulls, empty and awkward text, other offsets and forms
                "{\"t\": \"\", \"t5\": null, \"i2\": null, \"i4\": null, \"i8\": \"-42\", \"f8\": -0.0, \"b\": false, "
                        + "\"tstz\": \"2024-06-30T23:59:59.999999+02:00\", \"ts\": \"1999-12-31T23:59:59.5-05:30\", "
                        + "\"ts3\": \"2024-01-01T00:00:00.0005Z\", \"d\": \"1970-01-01\", \"tm\": \"00:00:00\", "
                        + "\"n\": 1e5, \"w\": 0, \"j\": \"just text\", \"by\": \"\"}",
                "{\"t\": \"quote \\\" comma , newline \\n tab \\t ünïcödé 🎉 \\\\N\", \"i8\": -9223372036854775808, "
                        + "\"f8\": 1e300, \"b\": \"yes\", \"tstz\": \"infinity\", \"ts\": \"-infinity\", "
                        + "\"ts3\": \"2024-01-01 12:00:00+01\", \"d\": \"infinity\", \"tm\": \"23:59:59.9999994\", "
                        + "\"n\": \"-0.0000000005\", \"j\": 3.25, \"by\": null}",
                "{\"t\": 12.50, \"i2\": \"  12 \", \"f8\": \"NaN\", \"b\": \"off\", \"tstz\": \"2024-01-01T00:00\", "
                        + "\"ts\": \"2024-03-01T00:00:00.000000001Z\", \"n\": \"NaN\", \"j\": [], \"t5\": \"äöü\"}",
                "{\"t\": {\"nested\": true}, \"f8\": \"-Infinity\", \"b\": 1, \"j\": false, \"i4\": 2147483647}",
                "{\"t\": true, \"f8\": 5, \"b\": \"t\", \"extra\": {\"ignored\": [1]}}",
                // the names out of the columns' order, and a name that is no column first
                "{\"extra\": [1, {\"x\": 2}], \"by\": \"AQ==\", \"b\": false, \"i8\": 3, \"t\": \"reversed\"}",
                // fractions ending on half a microsecond round as the server rounds their text
                "{\"t\": \"half\", \"tstz\": \"2024-01-01T00:00:00.0001255Z\", \"ts\": \"2024-01-01T00:00:00.0000005Z\", "
                        + "\"tm\": \"10:00:00.000125500\", \"f8\": -0, \"n\": \"-1.5E+3\", "
                        + "\"ts3\": \"2024-01-01T00:00:00.0015+15:59\"}") + "\n";

        copy("as_text", "csv", out -> CsvConversion.convert(input(lines), columns(), false, out));
        copy("as_binary", "binary", out -> BinaryCopyRows.convert(input(lines), COLUMNS, fieldTypes(), out));

        assertThat(count("as_binary")).isEqualTo(8);
        assertThat(query("SELECT * FROM binary_copy.as_text EXCEPT ALL SELECT * FROM binary_copy.as_binary")).isEmpty();
        assertThat(query("SELECT * FROM binary_copy.as_binary EXCEPT ALL SELECT * FROM binary_copy.as_text")).isEmpty();
        // and the values are the expected ones, not two equal mistakes
        assertThat(query("SELECT tstz::text || ' ' || ts::text || ' ' || ts3::text || ' ' || n::text || ' ' || by::text"
                + " AS v FROM binary_copy.as_binary WHERE t = 'name_1'")).containsExactly(
                        "2024-01-01 00:00:01+00 2024-01-01 10:00:00 2024-01-01 00:00:00.123+00 12345.678901234 "
                                + "\\x000102ff");
        assertThat(query("SELECT ts::text AS v FROM binary_copy.as_binary WHERE t = ''"))
                .containsExactly("1999-12-31 23:59:59.5");
        assertThat(query("SELECT i8::text || ' ' || b::text || ' ' || by::text AS v FROM binary_copy.as_binary "
                + "WHERE t = 'reversed'")).containsExactly("3 false \\x01");
    }

    @Test
    void everyTypeFromCsvArrivesAsItsTextWould() throws Exception {
        String csv = String.join(",", COLUMNS.stream().map(c -> "\"" + c + "\"").toList()) + "\n"
                // what normalize writes: text quoted, numbers and booleans bare, binary as hex, JSON as its text
                + "\"name_1\",\"abc\",7,-70000,9007199254740993,0.14285714285714285,true,\"2024-01-01T00:00:01Z\","
                + "\"2024-01-01T10:00:00Z\",\"2024-01-01T00:00:00.123456Z\",\"2024-02-29\",\"13:14:15.123456\","
                + "\"12345.678901234\",\"-1234567890123456789012345678.00000000000000000000000000000000000000000000001\","
                + "\"{\"\"a\"\":[1,2.5,\"\"x\"\"],\"\"b\"\":null}\",\"\\x000102ff\"\n"
                // NULLs (empty and bare), an empty string, other offsets and forms
                + "\"\",,,,-42,-0.0,false,\"2024-06-30T23:59:59.999999+02:00\",\"1999-12-31T23:59:59.5-05:30\","
                + "\"2024-01-01T00:00:00.0005Z\",\"1970-01-01\",\"00:00:00\",\"1E+5\",\"0\",\"\"\"just text\"\"\","
                + "\"\\x\"\n"
                // quotes, commas and a line break inside a field; words and specials
                + "\"quote \"\" comma , newline \n tab \t ünïcödé 🎉 \\N\",,,,-9223372036854775808,1e300,yes,"
                + "\"infinity\",\"-infinity\",\"2024-01-01 12:00:00+01\",\"infinity\",\"23:59:59.9999994\","
                + "\"-0.0000000005\",,\"3.25\",\n"
                + "\"12.50\",\"äöü\",\"  12 \",,,NaN,off,\"2024-01-01T00:00\",\"2024-03-01T00:00:00.000000001Z\",,,,"
                + "\"NaN\",,\"[]\",\n"
                + "\"{\"\"nested\"\": true}\",,,2147483647,+5,-Infinity,1,,,,,,,,\"false\",\n";

        copy("as_text", "csv, HEADER true", out -> out.write(csv.getBytes(StandardCharsets.UTF_8)));
        copy("as_binary", "binary", out -> BinaryCopyRows.convertCsv(input(csv), COLUMNS, fieldTypes(), out));

        assertThat(count("as_binary")).isEqualTo(5);
        assertThat(query("SELECT * FROM binary_copy.as_text EXCEPT ALL SELECT * FROM binary_copy.as_binary")).isEmpty();
        assertThat(query("SELECT * FROM binary_copy.as_binary EXCEPT ALL SELECT * FROM binary_copy.as_text")).isEmpty();
        // and the values are the expected ones, not two equal mistakes
        assertThat(query("SELECT i8::text || ' ' || tstz::text || ' ' || j::text || ' ' || by::text AS v "
                + "FROM binary_copy.as_binary WHERE t = 'name_1'"))
                .containsExactly("9007199254740993 2024-01-01 00:00:01+00 {\"a\": [1, 2.5, \"x\"], \"b\": null} \\x000102ff");
        assertThat(query("SELECT t5 IS NULL AND i2 IS NULL AND by::text = '\\x' AS v FROM binary_copy.as_binary "
                + "WHERE t = ''")).containsExactly("t");
        assertThat(query("SELECT length(t)::text AS v FROM binary_copy.as_binary WHERE t LIKE 'quote%'"))
                .containsExactly("44");
    }

    @Test
    void aCsvRecordItsColumnsCannotReadFailsNamingTheColumn() {
        assertThatThrownBy(() -> convertCsv("\"x\",,,,\"not a number\"" + ",".repeat(11)))
                .isInstanceOf(SQLDataException.class)
                .hasMessage("invalid input syntax for type bigint: \"not a number\" (column \"i8\")");
        assertThatThrownBy(() -> convertCsv("\"x\",1"))
                .isInstanceOf(SQLDataException.class).hasMessage("CSV record 2 has 2 fields, its header 16");
        assertThatThrownBy(() -> convertCsv(",".repeat(15) + "\"AAEC\""))
                .isInstanceOf(SQLDataException.class).hasMessageContaining("(column \"by\")");
        assertThatThrownBy(() -> convertCsv("\"never closed"))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("CSV record 2");
    }

    @Test
    void aValueItsColumnCannotReadFailsNamingTheColumn() {
        assertThatThrownBy(() -> convert("{\"i8\": \"not a number\"}"))
                .isInstanceOf(SQLDataException.class)
                .hasMessage("invalid input syntax for type bigint: \"not a number\" (column \"i8\")")
                .extracting(ex -> ((SQLException) ex).getSQLState()).isEqualTo("22P02");
        assertThatThrownBy(() -> convert("{\"i2\": 70000}")).isInstanceOf(SQLDataException.class)
                .hasMessage("value \"70000\" is out of range for type smallint (column \"i2\")");
        assertThatThrownBy(() -> convert("{\"i8\": 92233720368547758070}")).isInstanceOf(SQLDataException.class)
                .hasMessageContaining("out of range for type bigint (column \"i8\")");
        assertThatThrownBy(() -> convert("{\"f8\": 1e-400}")).isInstanceOf(SQLDataException.class)
                .hasMessage("\"1e-400\" is out of range for type double precision (column \"f8\")");
        assertThatThrownBy(() -> convert("{\"b\": \"maybe\"}")).isInstanceOf(SQLDataException.class)
                .hasMessage("invalid input syntax for type boolean: \"maybe\" (column \"b\")");
        assertThatThrownBy(() -> convert("{\"tstz\": \"yesterday\"}")).isInstanceOf(SQLDataException.class)
                .hasMessage("invalid input syntax for type timestamp with time zone: \"yesterday\" (column \"tstz\")");
        assertThatThrownBy(() -> convert("{\"tstz\": \"2024-02-30T00:00:00Z\"}")).isInstanceOf(SQLDataException.class)
                .hasMessageContaining("(column \"tstz\")");
        assertThatThrownBy(() -> convert("{\"by\": \"not base64!\"}")).isInstanceOf(SQLDataException.class)
                .hasMessageContaining("(column \"by\")");
        // what PostgreSQL's text input refuses too: no year 0, years written with a sign, offsets of 16 hours
        for (String line : List.of("{\"tstz\": \"0000-01-01T00:00Z\"}", "{\"ts\": \"0000-01-01T00:00:00Z\"}",
                "{\"d\": \"0000-06-15\"}", "{\"d\": \"+10000-01-01\"}", "{\"d\": \"-0001-01-01\"}",
                "{\"tstz\": \"2024-01-01T00:00:00+16:00\"}", "{\"ts\": \"2024-01-01T00:00:00-16:00\"}",
                "{\"n\": \"1E+1001\"}", "{\"by\": {\"a\": 1}}")) {
            assertThatThrownBy(() -> convert(line)).as(line).isInstanceOf(SQLDataException.class)
                    .satisfies(ex -> assertThat(((SQLException) ex).getSQLState()).startsWith("22"));
        }
    }

    @Test
    void theServerRefusesWhatOnlyItChecks() throws Exception {
        // too long for varchar(5), and beyond numeric(38,9): PostgreSQL's checks, as for text
        for (String line : List.of("{\"t5\": \"abcdef\"}", "{\"n\": \"1e40\"}", "{\"t\": \"nul \\u0000 char\"}")) {
            assertThatThrownBy(() -> copy("as_binary", "binary",
                    out -> BinaryCopyRows.convert(input(line + "\n"), COLUMNS, fieldTypes(), out)))
                    .isInstanceOf(SQLException.class).satisfies(ex -> assertThat(((SQLException) ex).getSQLState())
                            .startsWith("22"));
            connection.rollback();
        }
        assertThat(count("as_binary")).isZero();
    }

    /** A column whose destination type is not the one jdlt creates for it goes in as CSV text. */
    @Test
    void onlyTheTypesJdltCreatesAreWrittenBinary() {
        assertThat(BinaryCopyRows.FieldType.JSONB.holds(DataType.JSON)).isTrue();
        assertThat(BinaryCopyRows.FieldType.INT4.holds(DataType.BIGINT)).isTrue();
        assertThat(BinaryCopyRows.FieldType.TEXT.holds(DataType.JSON)).isFalse();
        assertThat(BinaryCopyRows.FieldType.JSONB.holds(DataType.TEXT)).isFalse();
        assertThat(BinaryCopyRows.FieldType.BYTEA.holds(DataType.TEXT)).isFalse();
        assertThat(BinaryCopyRows.FieldType.NUMERIC.holds(DataType.DOUBLE)).isFalse();
    }

    private void convert(String line) throws Exception {
        BinaryCopyRows.convert(input(line + "\n"), COLUMNS, fieldTypes(), new ByteArrayOutputStream());
    }

    /** One CSV record after the header of {@link #COLUMNS}. */
    private void convertCsv(String record) throws Exception {
        BinaryCopyRows.convertCsv(input(String.join(",", COLUMNS) + "\n" + record + "\n"), COLUMNS, fieldTypes(),
                new ByteArrayOutputStream());
    }

    @FunctionalInterface
    private interface Writer {
        void write(java.io.OutputStream out) throws Exception;
    }

    private void copy(String table, String format, Writer writer) throws Exception {
        connection.setAutoCommit(false);
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        writer.write(rows);
        connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY binary_copy." + table + " ("
                + String.join(", ", COLUMNS) + ") FROM STDIN WITH (FORMAT " + format + ")",
                new ByteArrayInputStream(rows.toByteArray()));
        connection.commit();
    }

    private static ByteArrayInputStream input(String lines) {
        return new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Column> columns() {
        List<DataType> types = List.of(DataType.TEXT, DataType.TEXT, DataType.BIGINT, DataType.BIGINT, DataType.BIGINT,
                DataType.DOUBLE, DataType.BOOL, DataType.TIMESTAMP, DataType.TIMESTAMP, DataType.TIMESTAMP,
                DataType.DATE, DataType.TIME, DataType.DECIMAL, DataType.WEI, DataType.JSON, DataType.BINARY);
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < COLUMNS.size(); i++) {
            columns.add(new Column(COLUMNS.get(i), types.get(i), true, java.util.EnumSet.noneOf(
                    io.jdlt.schema.ColumnHint.class)));
        }
        return columns;
    }

    private static List<BinaryCopyRows.FieldType> fieldTypes() {
        return List.of("varchar", "varchar", "int2", "int4", "int8", "float8", "bool", "timestamptz", "timestamp",
                "timestamptz", "date", "time", "numeric", "numeric", "jsonb", "bytea").stream()
                .map(name -> BinaryCopyRows.FieldType.of(name).orElseThrow()).toList();
    }

    private long count(String table) throws SQLException {
        return query("SELECT count(*)::text FROM binary_copy." + table).stream().mapToLong(Long::parseLong).sum();
    }

    private List<String> query(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            int width = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= width; i++) {
                    row.append(i == 1 ? "" : "|").append(rows.getString(i));
                }
                values.add(row.toString());
            }
        }
        return values;
    }
}
