package io.jdlt.common;

import org.jspecify.annotations.Nullable;

/**
 * Hears what a pipeline does, step by step: for metrics, logs and traces, and for tests that stop a pipeline at a
 * chosen point (an exception thrown here stops the pipeline there, as a crash would). Every method does nothing by
 * default and is called on the thread that runs the stage.
 */
public interface PipelineListener {

    /** A load package (the whole extract, or one checkpoint of it) was committed to {@code normalize/extracted}. */
    default void extractCommitted(String loadId) {
    }

    /**
     * Normalize starts reading one extracted file of a package. With several normalize workers this is called from
     * their threads, at the same time: a listener that keeps state here must be thread-safe.
     */
    default void normalizeFileStarted(String loadId, String fileName) {
    }

    /** A package was normalized and committed to {@code load/normalized}. */
    default void normalized(String loadId) {
    }

    /** A load job is about to run. */
    default void jobStarted(String loadId, String jobFileName) {
    }

    /** A merge or replace statement of a table chain is about to run. */
    default void followUpStatement(String loadId, String rootTable, String sql) {
    }

    /** Every job and statement of the package ran; its {@code _dlt_loads} row and the commit come next. */
    default void beforeLoadCommit(String loadId) {
    }

    /** The destination committed the package; moving it to {@code load/loaded} comes next. */
    default void loadCommitted(String loadId) {
    }

    /** A stage starts: extract of a source, or normalize or load of the pending packages. */
    default void stageStarted(PipelineStage stage) {
    }

    /** A stage ended, with the error that ended it or null. */
    default void stageFinished(PipelineStage stage, @Nullable Throwable failure) {
    }

    /** Listens to nothing. */
    PipelineListener NONE = new PipelineListener() {
    };

    /** Every listener hears every event, in the given order. */
    static PipelineListener all(java.util.List<PipelineListener> listeners) {
        return new CompositePipelineListener(listeners);
    }
}
