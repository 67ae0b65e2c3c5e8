package io.jdlt.spring;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.jdlt.Pipeline;
import io.jdlt.common.PipelineStage;
import io.jdlt.common.RunProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the progress of long runs at a fixed interval: the stage, how long it has run, and what it has done at what
 * rate, e.g. {@code Pipeline github: normalize for 12.0 s: 240,000 rows normalized (20,000 rows/s)}. A run shorter
 * than the interval logs nothing.
 */
final class RunProgressLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunProgressLog.class);

    private final ScheduledExecutorService ticker;
    private final Duration interval;

    RunProgressLog(Duration interval) {
        this.interval = interval;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "jdlt-progress");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Stops following a run when closed. */
    interface Following extends AutoCloseable {

        @Override
        void close();
    }

    /** Logs the pipeline's progress every interval until the returned handle is closed. */
    Following follow(String pipelineName, Pipeline pipeline) {
        if (interval.isZero() || interval.isNegative()) {
            return () -> { };
        }
        ScheduledFuture<?> task = ticker.scheduleAtFixedRate(() -> logProgress(pipelineName, pipeline.progress()),
                interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return () -> task.cancel(false);
    }

    static String describe(String pipelineName, RunProgress.Snapshot progress, Instant now) {
        PipelineStage stage = progress.stage();
        if (stage == null) {
            return "Pipeline " + pipelineName + ": between stages";
        }
        double seconds = progress.stageSeconds(now);
        long done = switch (stage) {
            case EXTRACT -> progress.itemsExtracted();
            case NORMALIZE -> progress.rowsNormalized();
            case LOAD -> progress.jobsLoaded();
        };
        String unit = switch (stage) {
            case EXTRACT -> "items extracted";
            case NORMALIZE -> "rows normalized";
            case LOAD -> "jobs loaded";
        };
        String rate = seconds <= 0 ? "" : String.format(Locale.ROOT, " (%,.0f/s)", done / seconds);
        return String.format(Locale.ROOT, "Pipeline %s: %s for %.1f s: %,d %s%s", pipelineName, stage.label(),
                seconds, done, unit, rate);
    }

    private static void logProgress(String pipelineName, RunProgress.Snapshot progress) {
        if (progress.running()) {
            log.info(describe(pipelineName, progress, Instant.now()));
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
