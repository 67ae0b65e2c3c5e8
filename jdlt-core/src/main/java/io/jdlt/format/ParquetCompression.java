package io.jdlt.format;

/** How Parquet loader files compress their pages. */
public enum ParquetCompression {
    SNAPPY, ZSTD, UNCOMPRESSED
}
