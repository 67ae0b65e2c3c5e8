package io.jdlt.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the records of a CSV file as {@link CsvRowFile} writes them (and PostgreSQL's {@code COPY … CSV} reads them):
 * fields separated by commas, a quoted field may hold commas, doubled quotes and line breaks, an empty unquoted field
 * is NULL. Streaming, one record at a time; a field's bytes are kept as they are (UTF-8), unescaped.
 */
public final class CsvRecordReader {

    private final InputStream in;
    private final byte[] input = new byte[64 * 1024];
    private int inputPosition;
    private int inputLength;

    private byte[] record = new byte[1024];
    private int recordLength;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private boolean[] quoted = new boolean[16];
    private int fieldCount;
    private long recordNumber;

    public CsvRecordReader(InputStream in) {
        this.in = in;
    }

    /**
     * Reads the next record; {@code false} at the end of the input.
     *
     * @throws IOException when the input cannot be read or a quoted field does not end
     */
    public boolean next() throws IOException {
        int b = read();
        if (b < 0) {
            return false;
        }
        recordNumber++;
        recordLength = 0;
        fieldCount = 0;
        while (true) {
            int start = recordLength;
            boolean isQuoted = b == '"';
            if (isQuoted) {
                while (true) {
                    int c = read();
                    if (c < 0) {
                        throw new IOException("CSV record " + recordNumber + ": a quoted field does not end");
                    }
                    if (c == '"') {
                        b = read();
                        if (b != '"') {
                            break;
                        }
                    }
                    append(c);
                }
            }
            else {
                while (b >= 0 && b != ',' && b != '\n') {
                    if (b != '\r') {
                        append(b);
                    }
                    b = read();
                }
            }
            if (b == '\r') {
                b = read();
            }
            addField(start, isQuoted);
            if (b == ',') {
                b = read();
                continue;
            }
            if (b == '\n' || b < 0) {
                return true;
            }
            throw new IOException("CSV record " + recordNumber + ": '" + (char) b + "' after a quoted field");
        }
    }

    public int fieldCount() {
        return fieldCount;
    }

    /** Which record this is, the header being the first. */
    public long recordNumber() {
        return recordNumber;
    }

    /** An empty field without quotes: SQL NULL. */
    public boolean isNull(int field) {
        return !quoted[field] && starts[field] == ends[field];
    }

    /** The field's bytes, unescaped: a copy of them. */
    public byte[] bytes(int field) {
        return Arrays.copyOfRange(record, starts[field], ends[field]);
    }

    /** The field's bytes with one byte before them. */
    public byte[] bytesAfter(byte first, int field) {
        byte[] bytes = new byte[ends[field] - starts[field] + 1];
        bytes[0] = first;
        System.arraycopy(record, starts[field], bytes, 1, bytes.length - 1);
        return bytes;
    }

    public String text(int field) {
        return new String(record, starts[field], ends[field] - starts[field], StandardCharsets.UTF_8);
    }

    private void addField(int start, boolean isQuoted) {
        if (fieldCount == starts.length) {
            starts = Arrays.copyOf(starts, fieldCount * 2);
            ends = Arrays.copyOf(ends, fieldCount * 2);
            quoted = Arrays.copyOf(quoted, fieldCount * 2);
        }
        starts[fieldCount] = start;
        ends[fieldCount] = recordLength;
        quoted[fieldCount] = isQuoted;
        fieldCount++;
    }

    private void append(int b) {
        if (recordLength == record.length) {
            record = Arrays.copyOf(record, record.length * 2);
        }
        record[recordLength++] = (byte) b;
    }

    private int read() throws IOException {
        if (inputPosition == inputLength) {
            inputLength = in.read(input, 0, input.length);
            inputPosition = 0;
            if (inputLength <= 0) {
                inputLength = 0;
                return -1;
            }
        }
        return input[inputPosition++] & 0xFF;
    }
}
