package io.jdlt.format;

import java.util.Locale;

/** The format of the files normalize writes for the load stage (dlt's {@code loader_file_format}). */
public enum LoaderFileFormat {
    /** JSON lines, gzip-compressed: jdlt's default. */
    JSONL,
    /** CSV with a header row, gzip-compressed; NULL is an empty unquoted field, text is always quoted. */
    CSV,
    /** Parquet, compressed inside (snappy by default, or zstd); typed columns, timestamps in UTC. */
    PARQUET;

    /** Whether the file as a whole is gzip-compressed (Parquet compresses its pages itself). */
    public boolean gzipped() {
        return this != PARQUET;
    }

    /** The extension in job file names: {@code jsonl}, {@code csv}. */
    public String extension() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LoaderFileFormat fromName(String name) {
        for (LoaderFileFormat format : values()) {
            if (format.extension().equalsIgnoreCase(name.strip())) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown loader file format '" + name + "'; use jsonl, csv or parquet");
    }
}
