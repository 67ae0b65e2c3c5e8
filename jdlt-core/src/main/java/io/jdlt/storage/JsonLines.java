package io.jdlt.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.function.Consumer;

import io.jdlt.json.Json;
import tools.jackson.core.JsonGenerator;

/**
 * Items encoded as JSON lines, not yet in any file: a batch can be encoded on one thread and appended to its table's
 * job file by another ({@link JobFileWriter#writeLines}), and where each item starts is kept, so that a file rotated
 * in the middle of a batch still ends on an item's boundary.
 */
public final class JsonLines {

    private final Bytes bytes = new Bytes();
    private final JsonGenerator generator = Json.JSONL.createGenerator(bytes);
    private int[] starts = new int[64];
    private int count;
    /** Items before this one start past the separator the generator put before them; the others not yet. */
    private int settled;

    /** Adds one item; {@code writer} emits exactly one JSON value into the generator. */
    public void add(Consumer<JsonGenerator> writer) {
        generator.flush();
        int before = bytes.size();
        writer.accept(generator);
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
        }
        starts[count++] = before;
    }

    public int count() {
        return count;
    }

    /** Empties the lines for the next items, keeping the memory they took. */
    public void clear() {
        generator.flush();
        bytes.reset();
        count = 0;
        settled = 0;
    }

    /** Bytes of items {@code from} (inclusive) to {@code to} (exclusive) with their newlines: what they add to a file. */
    long length(int from, int to) {
        settle();
        return end(to - 1) - starts[from] + 1;
    }

    /** Writes items {@code from} (inclusive) to {@code to} (exclusive), each line ended by a newline. */
    void writeTo(OutputStream out, int from, int to) throws IOException {
        settle();
        out.write(bytes.array(), starts[from], end(to - 1) - starts[from]);
        out.write('\n');
    }

    private int end(int item) {
        return item + 1 < count ? starts[item + 1] - 1 : bytes.size();
    }

    /**
     * Moves each new item's start past the newline the generator puts between root values (before every value but
     * its first ever): no JSON value starts with a newline.
     */
    private void settle() {
        generator.flush();
        byte[] array = bytes.array();
        for (; settled < count; settled++) {
            if (array[starts[settled]] == '\n') {
                starts[settled]++;
            }
        }
    }

    /** The encoded bytes, read in place instead of through the copy {@code toByteArray} makes. */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes() {
            super(8192);
        }

        byte[] array() {
            return buf;
        }
    }
}
