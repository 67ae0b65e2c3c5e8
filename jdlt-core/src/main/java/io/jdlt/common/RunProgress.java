package io.jdlt.common;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * How far the run in flight has come: its stage and what each stage did so far. Stages add to it as they go (one
 * counter increment per item, no locking), and anything may read it at any time: a progress log, Actuator.
 */
public final class RunProgress {

    private final LongAdder itemsExtracted = new LongAdder();
    private final LongAdder rowsNormalized = new LongAdder();
    private final LongAdder jobsLoaded = new LongAdder();
    private volatile @Nullable PipelineStage stage;
    private volatile @Nullable Instant runStartedAt;
    private volatile @Nullable Instant stageStartedAt;

    /**
     * What a run has done so far.
     *
     * @param stage the stage running now, null between runs
     * @param runStartedAt when the run (or the last one) started
     * @param stageStartedAt when the current stage started
     * @param itemsExtracted items the resources yielded and extract wrote
     * @param rowsNormalized rows normalize wrote, child-table rows included
     * @param jobsLoaded load jobs run against the destination
     */
    public record Snapshot(@Nullable PipelineStage stage, @Nullable Instant runStartedAt,
            @Nullable Instant stageStartedAt, long itemsExtracted, long rowsNormalized, long jobsLoaded) {

        public boolean running() {
            return stage != null;
        }

        /** Seconds the current stage has been running, 0 between runs. */
        public double stageSeconds(Instant now) {
            return stageStartedAt == null || stage == null ? 0
                    : Duration.between(stageStartedAt, now).toNanos() / 1e9;
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(stage, runStartedAt, stageStartedAt, itemsExtracted.sum(), rowsNormalized.sum(),
                jobsLoaded.sum());
    }

    /** A run begins: the counts start again from zero (called by the pipeline). */
    public void runStarted() {
        itemsExtracted.reset();
        rowsNormalized.reset();
        jobsLoaded.reset();
        runStartedAt = Instant.now();
    }

    /** A stage begins (called by the pipeline). */
    public void stageStarted(PipelineStage started) {
        stageStartedAt = Instant.now();
        stage = started;
    }

    /** The stage in flight ended (called by the pipeline). */
    public void stageEnded() {
        stage = null;
    }

    public void itemsExtracted(long items) {
        itemsExtracted.add(items);
    }

    public void rowNormalized() {
        rowsNormalized.increment();
    }

    /** Rows normalized by an attempt that was thrown away (a parallel normalize redone in one thread). */
    public void rowsDiscarded(long rows) {
        rowsNormalized.add(-rows);
    }

    public void jobLoaded() {
        jobsLoaded.increment();
    }
}
