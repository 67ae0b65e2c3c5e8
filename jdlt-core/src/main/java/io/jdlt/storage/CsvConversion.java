package io.jdlt.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.jdlt.json.Json;
import io.jdlt.schema.Column;
import io.jdlt.schema.DataType;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Turns normalized JSON lines into CSV rows, streaming: text is always quoted (so an empty string stays one), NULL is
 * an empty unquoted field, JSON values are their JSON text, binary is PostgreSQL's hex form ({@code \x0102}).
 */
public final class CsvConversion {

    private CsvConversion() {
    }

    /** Converts every line of {@code jsonl} into a CSV row of {@code columns}, in their order. */
    public static void convert(InputStream jsonl, List<Column> columns, boolean header, OutputStream out) {
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            positions.put(columns.get(i).name(), i);
        }
        try (JsonParser parser = Json.MAPPER.createParser(jsonl)) {
            if (header) {
                String[] names = columns.stream().map(c -> quote(c.name())).toArray(String[]::new);
                writeRow(out, names);
            }
            String[] row = new String[columns.size()];
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                Arrays.fill(row, null);
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    Integer position = positions.get(parser.currentName());
                    JsonToken value = parser.nextToken();
                    if (position == null) {
                        parser.skipChildren();
                        continue;
                    }
                    row[position] = field(columns.get(position).dataType(), value, parser);
                }
                writeRow(out, row);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String field(DataType type, JsonToken token, JsonParser parser) {
        switch (token) {
            case VALUE_NULL:
                return null;
            case START_OBJECT:
            case START_ARRAY: {
                JsonNode tree = parser.readValueAsTree();
                return quote(Json.toJson(tree));
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
                    return quote("\\x" + HexFormat.of().formatHex(Base64.getDecoder().decode(text)));
                }
                if (type == DataType.JSON) {
                    // a JSON string value: its JSON text, quotes included
                    return quote(Json.toJson(text));
                }
                return quote(text);
            }
        }
    }

    private static String quote(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static void writeRow(OutputStream out, String[] row) throws IOException {
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
        out.write(line.toString().getBytes(StandardCharsets.UTF_8));
    }
}
