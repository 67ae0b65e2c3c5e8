package io.jdlt.normalize;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.jdlt.schema.Schema;
import io.jdlt.format.DataWriterSettings;
import io.jdlt.format.LoaderFileFormat;
import io.jdlt.format.ParquetCompression;

/** Writes the normalized rows of one table into loader files of one format, rotating files as configured. */
interface LoaderFileWriter extends Closeable {

    /** The writer for a table's rows in the package's format: jdlt's state row always stays a JSON line. */
    static LoaderFileWriter of(Path directory, Schema schema, String tableName, LoaderFileFormat format,
            ParquetCompression compression, DataWriterSettings settings, RowGroupBudget rowGroups) {
        if (format == LoaderFileFormat.JSONL || tableName.equals(Schema.PIPELINE_STATE_TABLE)) {
            return new JsonLinesWriter(directory, tableName, settings);
        }
        return new FixedColumnsWriter(directory, schema, tableName, format, compression, settings, rowGroups);
    }

    /** One row as the coercer returned it: values of their column's type, no nulls. */
    void write(Map<String, Object> row);

    /** Starts a file even though no row came: an empty job still tells the loader the table was extracted. */
    void createEmptyFile();

    long itemCount();

    /** The longest line of each CSV file written, in bytes, by file name; nothing for other formats. */
    default Map<String, Long> csvLineBytes() {
        return Map.of();
    }

    /** Closes the open file and returns every file written, in order. */
    List<Path> finish();

    @Override
    void close();
}
