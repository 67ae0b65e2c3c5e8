package io.jdlt.common;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** Several listeners as one: each event goes to each of them, in order. */
final class CompositePipelineListener implements PipelineListener {

    private final List<PipelineListener> listeners;

    CompositePipelineListener(List<PipelineListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void extractCommitted(String loadId) {
        listeners.forEach(listener -> listener.extractCommitted(loadId));
    }

    @Override
    public void normalizeFileStarted(String loadId, String fileName) {
        listeners.forEach(listener -> listener.normalizeFileStarted(loadId, fileName));
    }

    @Override
    public void normalized(String loadId) {
        listeners.forEach(listener -> listener.normalized(loadId));
    }

    @Override
    public void jobStarted(String loadId, String jobFileName) {
        listeners.forEach(listener -> listener.jobStarted(loadId, jobFileName));
    }

    @Override
    public void followUpStatement(String loadId, String rootTable, String sql) {
        listeners.forEach(listener -> listener.followUpStatement(loadId, rootTable, sql));
    }

    @Override
    public void beforeLoadCommit(String loadId) {
        listeners.forEach(listener -> listener.beforeLoadCommit(loadId));
    }

    @Override
    public void loadCommitted(String loadId) {
        listeners.forEach(listener -> listener.loadCommitted(loadId));
    }

    @Override
    public void stageStarted(PipelineStage stage) {
        listeners.forEach(listener -> listener.stageStarted(stage));
    }

    /** Every listener hears the end of a stage, even when one before it throws: each may close what it opened. */
    @Override
    public void stageFinished(PipelineStage stage, @Nullable Throwable failure) {
        RuntimeException first = null;
        for (PipelineListener listener : listeners) {
            try {
                listener.stageFinished(stage, failure);
            }
            catch (RuntimeException ex) {
                if (first == null) {
                    first = ex;
                }
                else {
                    first.addSuppressed(ex);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
