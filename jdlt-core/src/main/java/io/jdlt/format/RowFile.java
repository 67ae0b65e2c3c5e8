package io.jdlt.format;

import java.io.Closeable;
import java.io.IOException;

/**
 * One open loader file of a fixed list of columns (CSV, Parquet): rows come as values in the columns' order, each
 * already of its column's type (as normalize coerces them), {@code null} for a missing value.
 */
public interface RowFile extends Closeable {

    void write(@org.jspecify.annotations.Nullable Object[] values) throws IOException;

    /** Bytes written so far, for {@code file_max_bytes}; compressed bytes where the file is compressed. */
    long size();
}
