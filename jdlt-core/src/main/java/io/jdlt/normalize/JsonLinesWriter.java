package io.jdlt.normalize;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.jdlt.format.DataWriterSettings;
import io.jdlt.format.JobFileWriter;
import io.jdlt.format.LoaderJson;

/** Rows as JSON lines ({@code jsonl}): a line has the row's own columns, so new columns need no new file. */
final class JsonLinesWriter implements LoaderFileWriter {

    private final JobFileWriter files;

    JsonLinesWriter(Path directory, String tableName, DataWriterSettings settings) {
        this.files = new JobFileWriter(directory, tableName, Normalizer.FORMAT, settings);
    }

    @Override
    public void write(Map<String, Object> row) {
        files.write(out -> LoaderJson.writeRow(out, row));
    }

    @Override
    public void createEmptyFile() {
        files.createEmptyFile();
    }

    @Override
    public long itemCount() {
        return files.itemCount();
    }

    @Override
    public List<Path> finish() {
        return files.finish();
    }

    @Override
    public void close() {
        files.close();
    }
}
