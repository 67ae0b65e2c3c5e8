package io.jdlt.format;

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

    /**
     * The column names of a CSV job file's header, in file order: each file has the columns its table had when the
     * file was started, so files of one table may differ.
     */
    public static List<String> readHeader(java.nio.file.Path file) throws IOException {
        try (InputStream raw = java.nio.file.Files.newInputStream(file);
                InputStream in = file.getFileName().toString().endsWith(".gz") ? new java.util.zip.GZIPInputStream(raw)
                        : raw;
                java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(in,
                        StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            List<String> names = new java.util.ArrayList<>();
            if (header == null || header.isEmpty()) {
                return names;
            }
            // every name is quoted, a quote inside doubled: split at the commas between quoted names
            int start = 0;
            while (start < header.length()) {
                int end = start + 1;
                StringBuilder name = new StringBuilder();
                while (end < header.length()) {
                    char ch = header.charAt(end);
                    if (ch == '"') {
                        if (end + 1 < header.length() && header.charAt(end + 1) == '"') {
                            name.append('"');
                            end += 2;
                            continue;
                        }
                        break;
                    }
                    name.append(ch);
                    end++;
                }
                names.add(name.toString());
                start = end + 2;
            }
            return names;
        }
    }

    /** Converts every line of {@code jsonl} into a CSV row of {@code columns}, in their order. */
    public static void convert(InputStream jsonl, List<Column> columns, boolean header, OutputStream out) {
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            positions.put(columns.get(i).name(), i);
        }
        DataType[] types = columns.stream().map(Column::dataType).toArray(DataType[]::new);
        // one row's fields, as text, and whether each is quoted; a row becomes bytes once, through one builder
        String[] fields = new String[columns.size()];
        boolean[] quoted = new boolean[columns.size()];
        StringBuilder line = new StringBuilder(256);
        try (JsonParser parser = Json.MAPPER.createParser(jsonl)) {
            if (header) {
                for (int i = 0; i < columns.size(); i++) {
                    fields[i] = columns.get(i).name();
                    quoted[i] = true;
                }
                writeRow(out, fields, quoted, line);
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                Arrays.fill(fields, null);
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    Integer position = positions.get(parser.currentName());
                    JsonToken value = parser.nextToken();
                    if (position == null) {
                        parser.skipChildren();
                        continue;
                    }
                    field(types[position], value, parser, fields, quoted, position);
                }
                writeRow(out, fields, quoted, line);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Sets field {@code i}: NULL stays null, numbers and booleans go unquoted, everything else is quoted text. */
    private static void field(DataType type, JsonToken token, JsonParser parser, String[] fields, boolean[] quoted,
            int i) {
        quoted[i] = false;
        switch (token) {
            case VALUE_NULL -> fields[i] = null;
            case START_OBJECT, START_ARRAY -> {
                JsonNode tree = parser.readValueAsTree();
                fields[i] = Json.toJson(tree);
                quoted[i] = true;
            }
            case VALUE_TRUE -> fields[i] = "true";
            case VALUE_FALSE -> fields[i] = "false";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> fields[i] = parser.getString();
            default -> {
                String text = parser.getString();
                if (type == DataType.BINARY) {
                    fields[i] = "\\x" + HexFormat.of().formatHex(Base64.getDecoder().decode(text));
                }
                else if (type == DataType.JSON) {
                    // a JSON string value: its JSON text, quotes included
                    fields[i] = Json.toJson(text);
                }
                else {
                    fields[i] = text;
                }
                quoted[i] = true;
            }
        }
    }

    private static void writeRow(OutputStream out, String[] fields, boolean[] quoted, StringBuilder line)
            throws IOException {
        line.setLength(0);
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            String field = fields[i];
            if (field == null) {
                continue;
            }
            if (!quoted[i]) {
                line.append(field);
                continue;
            }
            CsvRowFile.appendQuoted(line, field);
        }
        line.append('\n');
        out.write(line.toString().getBytes(StandardCharsets.UTF_8));
    }
}
