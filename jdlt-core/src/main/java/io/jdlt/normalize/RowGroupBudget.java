package io.jdlt.normalize;

/**
 * The memory one normalize worker gives the row groups of its open Parquet files: a file buffers its row group until
 * the row group is written, and a worker has a file open per table. A file opened while few are open gets a large
 * row group (fast to write, and DuckDB reads row groups in parallel); with many tables open each gets a share, so the
 * worker's buffers stay near {@link #WORKER_BYTES} whatever the number of tables. Files rotate, so shares follow.
 */
final class RowGroupBudget {

    static final long WORKER_BYTES = 64L * 1024 * 1024;
    static final long MAX_ROW_GROUP_BYTES = 16L * 1024 * 1024;
    static final long MIN_ROW_GROUP_BYTES = 1024L * 1024;

    private int openFiles;

    /** Takes a share for a file being opened: its row group's size in bytes. */
    long open() {
        openFiles++;
        return Math.max(MIN_ROW_GROUP_BYTES, Math.min(MAX_ROW_GROUP_BYTES, WORKER_BYTES / openFiles));
    }

    void closed() {
        openFiles = Math.max(0, openFiles - 1);
    }
}
