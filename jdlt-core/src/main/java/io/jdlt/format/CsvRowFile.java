package io.jdlt.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;

import io.jdlt.json.TypedJson;
import io.jdlt.schema.Column;
import io.jdlt.schema.DataType;
import org.jspecify.annotations.Nullable;

/**
 * A CSV loader file written row by row: a header of the columns, text always quoted (so an empty string stays one),
 * NULL an empty unquoted field, numbers and booleans as they are, JSON values as their JSON text, binary in
 * PostgreSQL's hex form ({@code \x0102}), timestamps in ISO-8601.
 */
public final class CsvRowFile implements RowFile {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final DataType[] types;
    private final CountingOutputStream counter;
    private final OutputStream out;
    private final StringBuilder line = new StringBuilder(256);
    // rows reach the deflater (or the file) 64 KB at a time, not one call per row; until then they count as written
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(BUFFER_BYTES + 4096);
    private long longestLine;

    public CsvRowFile(Path path, List<Column> columns, boolean gzip) throws IOException {
        this.types = columns.stream().map(Column::dataType).toArray(DataType[]::new);
        this.counter = new CountingOutputStream(Files.newOutputStream(path));
        try {
            this.out = gzip ? new FastGzipOutputStream(counter) : counter;
        }
        catch (IOException | RuntimeException ex) {
            counter.close();
            throw ex;
        }
        for (int i = 0; i < columns.size(); i++) {
            line.append(i == 0 ? "" : ",");
            appendQuoted(columns.get(i).name());
        }
        endLine();
    }

    @Override
    public void write(@Nullable Object[] values) throws IOException {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            Object value = values[i];
            if (value != null) {
                appendValue(types[i], value);
            }
        }
        endLine();
    }

    private void appendValue(DataType type, Object value) {
        switch (type) {
            case BIGINT, DOUBLE, BOOL -> line.append(value);
            case TIMESTAMP -> appendQuoted(value instanceof OffsetDateTime timestamp
                    ? TypedJson.formatTimestamp(timestamp) : value.toString());
            case DECIMAL, WEI -> appendQuoted(value instanceof BigDecimal decimal ? decimal.toPlainString()
                    : value.toString());
            case BINARY -> appendQuoted("\\x" + HexFormat.of().formatHex((byte[]) value));
            case JSON -> appendQuoted(LoaderJson.jsonText(value));
            default -> appendQuoted(value.toString());
        }
    }

    private void appendQuoted(String text) {
        appendQuoted(line, text);
    }

    /** CSV's quoting: the text in double quotes, a double quote inside doubled. */
    static void appendQuoted(StringBuilder line, String text) {
        line.append('"');
        if (text.indexOf('"') < 0) {
            line.append(text);
        }
        else {
            for (int c = 0; c < text.length(); c++) {
                char ch = text.charAt(c);
                if (ch == '"') {
                    line.append('"');
                }
                line.append(ch);
            }
        }
        line.append('"');
    }

    private void endLine() throws IOException {
        line.append('\n');
        byte[] bytes = line.toString().getBytes(StandardCharsets.UTF_8);
        longestLine = Math.max(longestLine, bytes.length);
        buffer.write(bytes);
        line.setLength(0);
        if (buffer.size() >= BUFFER_BYTES) {
            buffer.writeTo(out);
            buffer.reset();
        }
    }

    /** The longest line written so far (header included), in bytes with its newline. */
    public long longestLine() {
        return longestLine;
    }

    /** The bytes in the file plus the rows still buffered (uncompressed), as the JSON-lines writer counts them. */
    @Override
    public long size() {
        return counter.count() + buffer.size();
    }

    @Override
    public void close() throws IOException {
        try {
            buffer.writeTo(out);
        }
        finally {
            out.close();
        }
    }
}
