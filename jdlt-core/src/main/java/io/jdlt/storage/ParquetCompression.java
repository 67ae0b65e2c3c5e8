package io.jdlt.storage;

/** How Parquet loader files compress their pages. */
public enum ParquetCompression {
    SNAPPY, ZSTD, UNCOMPRESSED
}
