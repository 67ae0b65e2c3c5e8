package io.jdlt.destination.postgres;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
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

import io.jdlt.destination.ReplaceStrategy;
import io.jdlt.destination.sql.SqlJobClient;
import io.jdlt.json.Json;
import io.jdlt.schema.Column;
import io.jdlt.schema.ColumnHint;
import io.jdlt.schema.DataType;
import io.jdlt.schema.Table;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Loads jsonl job files with {@code COPY … FROM STDIN (FORMAT csv)}: each line is turned into a CSV row as it is
 * read, so a file streams into the server without being held in memory and no row goes through an INSERT.
 */
final class PostgresJobClient extends SqlJobClient {

    private static final int COPY_CHUNK = 256 * 1024;

    PostgresJobClient(Connection connection, String dataset, ReplaceStrategy replaceStrategy) {
        super(connection, dataset, replaceStrategy);
    }

    @Override
    protected String columnType(Column column) {
        Integer precision = column.precision();
        return switch (column.dataType()) {
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

    /** dlt's {@code create_indexes=True} on PostgreSQL: {@code unique} columns ({@code _dlt_id}) get a constraint. */
    @Override
    protected String columnDefinition(Column column) {
        return super.columnDefinition(column) + (column.has(ColumnHint.UNIQUE) ? " UNIQUE" : "");
    }

    @Override
    protected String stagingName(String table) {
        return "pg_temp." + quote(table);
    }

    /** A transaction-scoped advisory lock on the dataset's name: loads into one dataset take turns. */
    @Override
    protected void lockDataset() throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, "jdlt:" + dataset);
            lock.execute();
        }
    }

    @Override
    protected void loadFile(Table table, String target, Path file) throws SQLException {
        List<Column> columns = table.completeColumns();
        if (columns.isEmpty()) {
            return;
        }
        Map<String, Integer> positions = new HashMap<>();
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            positions.put(columns.get(i).name(), i);
            names.append(i == 0 ? "" : ", ").append(quote(columns.get(i).name()));
        }
        String sql = "COPY " + target + " (" + names + ") FROM STDIN WITH (FORMAT csv)";
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
                InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 64 * 1024) : raw;
                JsonParser parser = Json.MAPPER.createParser(in)) {
            ByteArrayOutputStream chunk = new ByteArrayOutputStream(COPY_CHUNK + 4096);
            String[] row = new String[columns.size()];
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                java.util.Arrays.fill(row, null);
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    Integer position = positions.get(parser.currentName());
                    JsonToken value = parser.nextToken();
                    if (position == null) {
                        parser.skipChildren();
                        continue;
                    }
                    row[position] = csvField(columns.get(position).dataType(), value, parser);
                }
                writeCsvRow(chunk, row);
                if (chunk.size() >= COPY_CHUNK) {
                    copy.writeToCopy(chunk.toByteArray(), 0, chunk.size());
                    chunk.reset();
                }
            }
            if (chunk.size() > 0) {
                copy.writeToCopy(chunk.toByteArray(), 0, chunk.size());
            }
            copy.endCopy();
        }
        catch (IOException | JacksonException ex) {
            cancel(copy);
            throw new SQLException("cannot read job file " + file.getFileName() + ": " + ex.getMessage(), "58030", ex);
        }
        catch (SQLException | RuntimeException ex) {
            cancel(copy);
            throw ex;
        }
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

    /** The CSV text of one value, already quoted where it must be; {@code null} is SQL NULL. */
    private static String csvField(DataType type, JsonToken token, JsonParser parser) {
        switch (token) {
            case VALUE_NULL:
                return null;
            case START_OBJECT:
            case START_ARRAY: {
                JsonNode tree = parser.readValueAsTree();
                return quoteCsv(Json.toJson(tree));
            }
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return parser.getString();
            default: {
                String text = parser.getString();
                if (type == DataType.BINARY) {
                    // bytea's hex input form
                    return quoteCsv("\\x" + HexFormat.of().formatHex(Base64.getDecoder().decode(text)));
                }
                if (type == DataType.JSON) {
                    // a JSON string value: jsonb wants it as JSON text, quotes included
                    return quoteCsv(Json.toJson(text));
                }
                return quoteCsv(text);
            }
        }
    }

    /** Every string is quoted, so an empty string stays an empty string and an absent value is NULL. */
    private static String quoteCsv(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static void writeCsvRow(ByteArrayOutputStream out, String[] row) {
        StringBuilder line = new StringBuilder(128);
        for (int i = 0; i < row.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            if (row[i] != null) {
                line.append(row[i]);
            }
        }
        line.append('\n');
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
    }
}
