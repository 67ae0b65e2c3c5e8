package io.jdlt.format;

import org.jspecify.annotations.Nullable;

/**
 * dlt's {@code [data_writer]} settings for extract and normalize files.
 *
 * @param bufferMaxItems items held in memory before they are written to the file
 * @param fileMaxItems items after which a new file is started, {@code null} for no limit
 * @param fileMaxBytes bytes (after compression) after which a new file is started, {@code null} for no limit
 * @param disableCompression write plain files instead of gzip
 */
public record DataWriterSettings(int bufferMaxItems, @Nullable Long fileMaxItems, @Nullable Long fileMaxBytes,
        boolean disableCompression) {

    public static final DataWriterSettings DEFAULTS = new DataWriterSettings(5000, null, null, false);

    public DataWriterSettings {
        if (bufferMaxItems < 1) {
            throw new IllegalArgumentException("data_writer.buffer_max_items must be at least 1, was " + bufferMaxItems);
        }
        if (fileMaxItems != null && fileMaxItems < 1) {
            throw new IllegalArgumentException("data_writer.file_max_items must be at least 1, was " + fileMaxItems);
        }
        if (fileMaxBytes != null && fileMaxBytes < 1) {
            throw new IllegalArgumentException("data_writer.file_max_bytes must be at least 1, was " + fileMaxBytes);
        }
    }

    public DataWriterSettings withBufferMaxItems(int items) {
        return new DataWriterSettings(items, fileMaxItems, fileMaxBytes, disableCompression);
    }

    public DataWriterSettings withFileMaxItems(@Nullable Long items) {
        return new DataWriterSettings(bufferMaxItems, items, fileMaxBytes, disableCompression);
    }

    public DataWriterSettings withFileMaxBytes(@Nullable Long bytes) {
        return new DataWriterSettings(bufferMaxItems, fileMaxItems, bytes, disableCompression);
    }

    public DataWriterSettings withDisableCompression(boolean disable) {
        return new DataWriterSettings(bufferMaxItems, fileMaxItems, fileMaxBytes, disable);
    }
}
