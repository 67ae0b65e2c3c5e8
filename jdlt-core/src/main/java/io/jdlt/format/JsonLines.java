package io.jdlt.format;

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

    private final InPlaceBytes bytes = new InPlaceBytes(8192);
    private final JsonGenerator generator = Json.JSONL.createGenerator(bytes);
    /** Where each item's line ends, after its newline. */
    private int[] ends = new int[64];
    private int count;

    /** Adds one item; {@code writer} emits exactly one JSON value into the generator. */
    public void add(Consumer<JsonGenerator> writer) {
        writer.accept(generator);
        generator.writeRaw('\n');
        generator.flush();
        if (count == ends.length) {
            ends = Arrays.copyOf(ends, count * 2);
        }
        ends[count++] = bytes.size();
    }

    public int count() {
        return count;
    }

    /** Bytes of the lines of items {@code from} (inclusive) to {@code to} (exclusive): what they add to a file. */
    long length(int from, int to) {
        return ends[to - 1] - start(from);
    }

    /** Writes the lines of items {@code from} (inclusive) to {@code to} (exclusive). */
    void writeTo(OutputStream out, int from, int to) throws IOException {
        out.write(bytes.array(), start(from), ends[to - 1] - start(from));
    }

    private int start(int item) {
        return item == 0 ? 0 : ends[item - 1];
    }
}
