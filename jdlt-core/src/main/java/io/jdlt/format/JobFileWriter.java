package io.jdlt.format;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.jdlt.json.Json;
import io.jdlt.storage.IoErrors;
import io.jdlt.storage.JobFileName;
import tools.jackson.core.JsonGenerator;

/**
 * Writes the JSON lines of one table into job files, holding at most {@code buffer_max_items} items in memory and
 * starting a new file when {@code file_max_items} or {@code file_max_bytes} is reached, as dlt's buffered writer
 * does.
 */
public final class JobFileWriter implements Closeable {

    private final Path directory;
    private final String tableName;
    private final String format;
    private final DataWriterSettings settings;
    private final List<Path> files = new ArrayList<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);

    private @org.jspecify.annotations.Nullable OpenFile current;
    private long totalItems;

    public JobFileWriter(Path directory, String tableName, String format, DataWriterSettings settings) {
        this.directory = directory;
        this.tableName = tableName;
        this.format = format;
        this.settings = settings;
    }

    /** Writes one item; {@code writer} emits exactly one JSON value into the generator. */
    public void write(Consumer<JsonGenerator> writer) {
        OpenFile file = current;
        if (file == null) {
            file = open();
        }
        writer.accept(file.generator);
        file.generator.writeRaw('\n');
        written(file, 1);
    }

    /**
     * Appends encoded items in their order, starting a new file between two items wherever {@code file_max_items} or
     * {@code file_max_bytes} is reached, exactly as if they had been written one by one.
     */
    public void writeLines(JsonLines lines) {
        int next = 0;
        while (next < lines.count()) {
            OpenFile file = current;
            if (file == null) {
                file = open();
            }
            // the buffer goes to the file (and its compressor) after as many items as write() lets it hold
            int end = (int) Math.min(lines.count(), next + settings.bufferMaxItems() - file.bufferedItems);
            if (settings.fileMaxItems() != null) {
                end = (int) Math.min(end, next + settings.fileMaxItems() - file.items);
            }
            // what the generator holds goes first
            file.generator.flush();
            if (settings.fileMaxBytes() != null) {
                // the size on disk only grows when the buffer is flushed; count the buffered bytes as well
                long size = file.counter.count() + buffer.size();
                int last = next;
                while (last + 1 < end && size + lines.length(next, last + 1) < settings.fileMaxBytes()) {
                    last++;
                }
                end = last + 1;
            }
            try {
                lines.writeTo(buffer, next, end);
            }
            catch (IOException ex) {
                throw IoErrors.workingDirFailure("writing job file " + file.path, ex);
            }
            written(file, end - next);
            next = end;
        }
    }

    /** Counts items just written, flushes the buffer when it holds its fill and closes the file when it is full. */
    private void written(OpenFile file, int items) {
        file.items += items;
        file.bufferedItems += items;
        totalItems += items;
        if (file.bufferedItems >= settings.bufferMaxItems()) {
            flushBuffer(file);
        }
        if (settings.fileMaxItems() != null && file.items >= settings.fileMaxItems()) {
            closeCurrent();
        }
        else if (settings.fileMaxBytes() != null) {
            // the size on disk only grows when the buffer is flushed; check the buffered bytes as well
            file.generator.flush();
            if (file.counter.count() + buffer.size() >= settings.fileMaxBytes()) {
                closeCurrent();
            }
        }
    }

    /** Starts a file even though no item came: an empty job still tells the loader the table was extracted. */
    public void createEmptyFile() {
        if (current == null && files.isEmpty()) {
            open();
        }
    }

    public long itemCount() {
        return totalItems;
    }

    public String tableName() {
        return tableName;
    }

    /** Closes the open file and returns every file written, in order. */
    public List<Path> finish() {
        closeCurrent();
        return List.copyOf(files);
    }

    @Override
    public void close() {
        closeCurrent();
    }

    private OpenFile open() {
        JobFileName name = JobFileName.newFile(tableName, format, !settings.disableCompression());
        Path path = directory.resolve(name.toString());
        CountingOutputStream counter = null;
        try {
            Files.createDirectories(directory);
            counter = new CountingOutputStream(Files.newOutputStream(path));
            OutputStream stream = settings.disableCompression() ? counter : new FastGzipOutputStream(counter);
            OpenFile file = new OpenFile(path, counter, stream, Json.JSONL.createGenerator(buffer));
            files.add(path);
            current = file;
            return file;
        }
        catch (IOException ex) {
            closeQuietly(counter);
            throw IoErrors.workingDirFailure("creating job file " + path, ex);
        }
    }

    private void flushBuffer(OpenFile file) {
        file.generator.flush();
        try {
            buffer.writeTo(file.stream);
        }
        catch (IOException ex) {
            throw IoErrors.workingDirFailure("writing job file " + file.path, ex);
        }
        buffer.reset();
        file.bufferedItems = 0;
    }

    private void closeCurrent() {
        OpenFile file = current;
        if (file == null) {
            return;
        }
        current = null;
        try {
            file.generator.close();
            buffer.writeTo(file.stream);
            file.stream.close();
        }
        catch (IOException | RuntimeException ex) {
            closeQuietly(file.stream);
            throw IoErrors.workingDirFailure("closing job file " + file.path,
                    ex instanceof IOException io ? io : new IOException(ex));
        }
        finally {
            buffer.reset();
        }
    }

    /**
     * Closes every writer even if some fail; the first failure is thrown with the others suppressed into it.
     */
    public static void closeEach(Iterable<? extends Closeable> writers) {
        RuntimeException first = null;
        for (Closeable writer : writers) {
            try {
                writer.close();
            }
            catch (IOException | RuntimeException ex) {
                RuntimeException failure = ex instanceof RuntimeException runtime ? runtime
                        : new UncheckedIOException((IOException) ex);
                if (first == null) {
                    first = failure;
                }
                else {
                    first.addSuppressed(failure);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Closes every writer even if some fail, their failures suppressed into the one already on its way. */
    public static void closeAll(Iterable<? extends Closeable> writers, Throwable primary) {
        try {
            closeEach(writers);
        }
        catch (RuntimeException ex) {
            primary.addSuppressed(ex);
        }
    }

    private static void closeQuietly(@org.jspecify.annotations.Nullable OutputStream stream) {
        if (stream != null) {
            try {
                stream.close();
            }
            catch (IOException ignored) {
                // the primary failure is already on its way
            }
        }
    }

    private static final class OpenFile {
        final Path path;
        final CountingOutputStream counter;
        final OutputStream stream;
        final JsonGenerator generator;
        long items;
        long bufferedItems;

        OpenFile(Path path, CountingOutputStream counter, OutputStream stream, JsonGenerator generator) {
            this.path = path;
            this.counter = counter;
            this.stream = stream;
            this.generator = generator;
        }
    }
}
