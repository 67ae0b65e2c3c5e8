package io.jdlt.spring;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

import io.jdlt.LoadInfo;
import io.jdlt.Pipeline;
import io.jdlt.destination.RunLock;
import io.jdlt.extract.Source;
import io.jdlt.load.LoadFailedException;
import io.jdlt.load.LoadPackageInfo;
import io.jdlt.spring.JdltObservationDocumentation.LowCardinalityKeys;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * One pipeline of the application with the source it runs, and what its runs did. Runs never overlap: a run holds
 * a lock in this JVM and the destination's run lock (so replicas of the application take turns), and a transient
 * failure (connection, lock) is retried with Spring Framework's core retry.
 */
public final class ManagedPipeline {

    private static final Logger log = LoggerFactory.getLogger(ManagedPipeline.class);

    /** How a run ended. */
    public enum Outcome {
        SUCCEEDED, FAILED
    }

    /**
     * One run.
     *
     * @param trigger what started it: {@code manual}, {@code schedule}, {@code actuator}
     * @param attempts attempts made, retries included
     * @param loadInfo what was loaded, when the run succeeded
     * @param error the error that ended it, when it failed; at most {@value #ERROR_SHOWN} characters, since it is shown
     *        by Actuator and a database error may quote row values
     * @param abortedPackage the package a failed job aborted, when that ended the run
     */
    public record RunRecord(String trigger, Instant startedAt, Instant finishedAt, Outcome outcome, int attempts,
            @Nullable LoadInfo loadInfo, @Nullable String error, @Nullable LoadPackageInfo abortedPackage) {

        /** The longest error message kept. */
        public static final int ERROR_SHOWN = 500;

        /** A message as Actuator shows it: its first {@value #ERROR_SHOWN} characters, and how long it was. */
        public static String cut(String message) {
            return message.length() <= ERROR_SHOWN ? message
                    : message.substring(0, ERROR_SHOWN) + "… (" + message.length() + " characters)";
        }
    }

    private final String name;
    private final String sourceName;
    private final Pipeline pipeline;
    private final Supplier<Source> sources;
    private final @Nullable String schedule;
    private final @Nullable RetryPolicy retryPolicy;
    private final ObservationRegistry observations;
    private final List<JdltRunListener> listeners;
    private final RunProgressLog progressLog;
    private final ReentrantLock running = new ReentrantLock();
    private volatile @Nullable RunRecord lastRun;
    private volatile @Nullable Instant lastSuccessAt;

    ManagedPipeline(String name, String sourceName, Pipeline pipeline, Supplier<Source> sources,
            @Nullable String schedule, @Nullable RetryPolicy retryPolicy, ObservationRegistry observations,
            List<JdltRunListener> listeners, RunProgressLog progressLog) {
        this.name = name;
        this.sourceName = sourceName;
        this.pipeline = pipeline;
        this.sources = sources;
        this.schedule = schedule;
        this.retryPolicy = retryPolicy;
        this.observations = observations;
        this.listeners = List.copyOf(listeners);
        this.progressLog = progressLog;
    }

    public String name() {
        return name;
    }

    /** The source the pipeline runs: a @JdltSource or Source bean, or a REST API source from configuration. */
    public String sourceName() {
        return sourceName;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    /** The cron expression it runs on, or null. */
    public @Nullable String schedule() {
        return schedule;
    }

    public boolean isRunning() {
        return running.isLocked();
    }

    public Optional<RunRecord> lastRun() {
        return Optional.ofNullable(lastRun);
    }

    public Optional<Instant> lastSuccessAt() {
        return Optional.ofNullable(lastSuccessAt);
    }

    /**
     * Runs the pipeline now and waits for it.
     *
     * @throws PipelineBusyException when another run of it is in progress, here or in another instance
     */
    public LoadInfo run() {
        return run("manual");
    }

    /** Runs the pipeline unless another run of it is in progress; a scheduled run that finds it busy is skipped. */
    public Optional<LoadInfo> runIfIdle(String trigger) {
        try {
            return Optional.of(run(trigger));
        }
        catch (PipelineBusyException busy) {
            log.info("Pipeline {}: {} run skipped: {}", name, trigger, busy.getMessage());
            return Optional.empty();
        }
    }

    LoadInfo run(String trigger) {
        return run(trigger, running -> running.run(sources.get()));
    }

    private LoadInfo run(String trigger, Function<Pipeline, LoadInfo> work) {
        return holdingThisApplication(() -> observedRun(trigger, work));
    }

    /** Does the work while no other run of this pipeline can start in this application. */
    private <T> T holdingThisApplication(Supplier<T> work) {
        if (!running.tryLock()) {
            throw new PipelineBusyException("pipeline " + name + " is running already in this application");
        }
        try {
            return work.get();
        }
        finally {
            running.unlock();
        }
    }

    /** The destination's run lock of this pipeline, so that no instance of the application runs it meanwhile. */
    private RunLock destinationLock() {
        return pipeline.destination().tryLockRun(pipeline.datasetName(), name)
                .orElseThrow(() -> new PipelineBusyException("another run of pipeline " + name + " holds its lock at "
                        + pipeline.destination().name() + " " + pipeline.destination().location()
                        + " (another instance of the application?)"));
    }

    /**
     * One run, observed; each attempt takes the destination's run lock first, so that a lock the destination cannot
     * give for a transient reason (the server is down) is retried and recorded like any failure. A lock that another
     * run holds is no failure: the run is skipped.
     */
    private LoadInfo observedRun(String trigger, Function<Pipeline, LoadInfo> work) {
        Observation observation = Observation.createNotStarted(java.util.Objects.requireNonNull(
                JdltObservationDocumentation.PIPELINE_RUN.getName()), observations)
                .contextualName("jdlt run " + name)
                .lowCardinalityKeyValue(LowCardinalityKeys.PIPELINE.asString(), name)
                .lowCardinalityKeyValue(LowCardinalityKeys.DESTINATION.asString(), pipeline.destination().name())
                .start();
        Instant started = Instant.now();
        AtomicInteger attempts = new AtomicInteger();
        try (Observation.Scope scope = observation.openScope()) {
            LoadInfo info = retried(() -> {
                attempts.incrementAndGet();
                return lockedRun(work);
            });
            observation.lowCardinalityKeyValue(LowCardinalityKeys.STATUS.asString(), "success");
            lastSuccessAt = Instant.now();
            finished(new RunRecord(trigger, started, Instant.now(), Outcome.SUCCEEDED, attempts.get(), info, null,
                    null));
            return info;
        }
        catch (PipelineBusyException busy) {
            observation.lowCardinalityKeyValue(LowCardinalityKeys.STATUS.asString(), "skipped");
            throw busy;
        }
        catch (RuntimeException | Error ex) {
            observation.error(ex);
            observation.lowCardinalityKeyValue(LowCardinalityKeys.STATUS.asString(), "failure");
            finished(new RunRecord(trigger, started, Instant.now(), Outcome.FAILED, attempts.get(), null,
                    shown(ex), abortedPackage(ex)));
            throw ex;
        }
        finally {
            observation.stop();
        }
    }

    private LoadInfo lockedRun(Function<Pipeline, LoadInfo> work) {
        try (RunLock held = destinationLock(); RunProgressLog.Following progress = progressLog.follow(name, pipeline)) {
            return work.apply(pipeline);
        }
    }

    /**
     * Loads the pending packages now, this one among them, as a run that extracts nothing: observed, recorded as the
     * last run (trigger {@code retry}) and retried when transient like any run.
     *
     * @throws PipelineBusyException when a run of it is in progress, here or in another instance
     * @throws IllegalArgumentException when no package with this load id is pending
     */
    public LoadInfo retryPackage(String loadId) {
        if (!pipeline.isPending(loadId)) {
            throw new IllegalArgumentException("load package " + loadId + " of pipeline " + name + " is not pending");
        }
        // an attempt that loaded it and then failed on something else must not make the next one fail as "not
        // pending": each attempt finishes whatever is pending
        return run("retry", Pipeline::run);
    }

    /**
     * Drops a pending package (kept on disk as aborted, its state changes discarded) or deletes an aborted one,
     * holding the pipeline as a run does; see {@link Pipeline#dropPackage}.
     *
     * @throws PipelineBusyException when a run of it is in progress, here or in another instance
     * @throws IllegalArgumentException when no pending or aborted package has this load id
     */
    public List<LoadPackageInfo> dropPackage(String loadId) {
        return holdingThisApplication(() -> {
            try (RunLock held = destinationLock()) {
                return pipeline.dropPackage(loadId);
            }
        });
    }

    private static String shown(Throwable ex) {
        return RunRecord.cut(ex.getMessage() == null ? ex.getClass().getName() : ex.getMessage());
    }

    private static @Nullable LoadPackageInfo abortedPackage(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof LoadFailedException failed) {
                return failed.loadPackage();
            }
        }
        return null;
    }

    private LoadInfo retried(Supplier<LoadInfo> attempt) {
        if (retryPolicy == null) {
            return attempt.get();
        }
        RetryTemplate retry = new RetryTemplate(retryPolicy);
        return retry.invoke(attempt);
    }

    private void finished(RunRecord record) {
        lastRun = record;
        for (JdltRunListener listener : listeners) {
            try {
                listener.runFinished(this, record);
            }
            catch (RuntimeException ex) {
                log.warn("Run listener {} failed for pipeline {}: {}", listener, name, ex.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return "ManagedPipeline[" + name + ", source " + sourceName + ", " + pipeline + "]";
    }
}
