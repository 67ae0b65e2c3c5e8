package io.jdlt.normalize;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.jdlt.schema.Column;
import io.jdlt.schema.Schema;
import io.jdlt.schema.Table;
import io.jdlt.format.CsvRowFile;
import io.jdlt.format.DataWriterSettings;
import io.jdlt.storage.IoErrors;
import io.jdlt.storage.JobFileName;
import io.jdlt.format.JobFileWriter;
import io.jdlt.format.LoaderFileFormat;
import io.jdlt.format.ParquetCompression;
import io.jdlt.format.ParquetRowFile;
import io.jdlt.format.RowFile;
import org.jspecify.annotations.Nullable;

/**
 * Rows into CSV or Parquet files, written as they come: a file has the table's columns as they were when it was
 * opened, and a row with a column the file lacks (a new column, or one whose type changed) starts a new file with the
 * table's current columns, as dlt's buffered writer does. A loader reads each file's columns from the file.
 */
final class FixedColumnsWriter implements LoaderFileWriter {

    private final Path directory;
    private final Schema schema;
    private final String tableName;
    private final LoaderFileFormat format;
    private final ParquetCompression compression;
    private final DataWriterSettings settings;
    private final RowGroupBudget rowGroups;
    private final List<Path> files = new ArrayList<>();
    private final Map<String, Long> csvLineBytes = new java.util.LinkedHashMap<>();

    private @Nullable RowFile current;
    private @Nullable Path currentPath;
    private Table table;
    private Column[] fileColumns = new Column[0];
    private Map<String, Integer> positions = Map.of();
    private @Nullable Object[] values = new Object[0];
    private long fileItems;
    private long totalItems;

    FixedColumnsWriter(Path directory, Schema schema, String tableName, LoaderFileFormat format,
            ParquetCompression compression, DataWriterSettings settings, RowGroupBudget rowGroups) {
        this.rowGroups = rowGroups;
        this.directory = directory;
        this.schema = schema;
        this.tableName = tableName;
        this.format = format;
        this.compression = compression;
        this.settings = settings;
        this.table = schema.requireTable(tableName);
    }

    @Override
    public void write(Map<String, Object> row) {
        if (current == null || !fill(row)) {
            closeCurrent();
            open();
            if (!fill(row)) {
                throw new IllegalStateException("Table '" + tableName + "': a row has columns " + row.keySet()
                        + " that the table's complete columns " + Arrays.toString(fileColumns) + " lack");
            }
        }
        RowFile file = java.util.Objects.requireNonNull(current);
        try {
            file.write(values);
        }
        catch (IOException ex) {
            throw IoErrors.workingDirFailure("writing job file " + currentPath, ex);
        }
        fileItems++;
        totalItems++;
        Long maxItems = settings.fileMaxItems();
        Long maxBytes = settings.fileMaxBytes();
        if ((maxItems != null && fileItems >= maxItems) || (maxBytes != null && file.size() >= maxBytes)) {
            closeCurrent();
        }
    }

    /** Puts the row's values where the open file has their columns; false if it lacks one, or has an older one. */
    private boolean fill(Map<String, Object> row) {
        Arrays.fill(values, null);
        for (Map.Entry<String, Object> entry : row.entrySet()) {
            Integer position = positions.get(entry.getKey());
            if (position == null || table.column(entry.getKey()) != fileColumns[position]) {
                return false;
            }
            values[position] = entry.getValue();
        }
        return true;
    }

    @Override
    public void createEmptyFile() {
        if (current == null && files.isEmpty()) {
            if (format == LoaderFileFormat.PARQUET && schema.requireTable(tableName).completeColumns().isEmpty()) {
                // Parquet cannot hold a file without columns; the job must still exist, so that the loader empties
                // the table (the destination may have it although this schema has no columns yet): an empty JSON
                // lines file says the same
                JobFileWriter empty = new JobFileWriter(directory, tableName, Normalizer.FORMAT, settings);
                empty.createEmptyFile();
                files.addAll(empty.finish());
                return;
            }
            open();
        }
    }

    private void open() {
        table = schema.requireTable(tableName);
        List<Column> columns = table.completeColumns();
        fileColumns = columns.toArray(Column[]::new);
        positions = new HashMap<>();
        for (int i = 0; i < fileColumns.length; i++) {
            positions.put(fileColumns[i].name(), i);
        }
        values = new Object[fileColumns.length];
        fileItems = 0;
        boolean gzip = format.gzipped() && !settings.disableCompression();
        Path path = directory.resolve(JobFileName.newFile(tableName, format.extension(), gzip).toString());
        try {
            Files.createDirectories(directory);
            current = format == LoaderFileFormat.PARQUET ? parquet(path, columns) : new CsvRowFile(path, columns, gzip);
        }
        catch (IOException | RuntimeException ex) {
            throw IoErrors.workingDirFailure("creating job file " + path, ex instanceof IOException io ? io
                    : new IOException(ex.getMessage(), ex));
        }
        currentPath = path;
        files.add(path);
    }

    private RowFile parquet(Path path, List<Column> columns) throws IOException {
        long rowGroupBytes = rowGroups.open();
        try {
            return new ParquetRowFile(path, columns, compression, rowGroupBytes);
        }
        catch (IOException | RuntimeException ex) {
            rowGroups.closed();
            throw ex;
        }
    }

    private void closeCurrent() {
        RowFile file = current;
        if (file == null) {
            return;
        }
        current = null;
        if (format == LoaderFileFormat.PARQUET) {
            rowGroups.closed();
        }
        if (file instanceof CsvRowFile csv && currentPath != null) {
            csvLineBytes.put(currentPath.getFileName().toString(), csv.longestLine());
        }
        try {
            file.close();
        }
        catch (IOException ex) {
            throw IoErrors.workingDirFailure("closing job file " + currentPath, ex);
        }
    }

    @Override
    public Map<String, Long> csvLineBytes() {
        return Map.copyOf(csvLineBytes);
    }

    @Override
    public long itemCount() {
        return totalItems;
    }

    @Override
    public List<Path> finish() {
        closeCurrent();
        return List.copyOf(files);
    }

    @Override
    public void close() {
        closeCurrent();
    }
}
