package io.jdlt.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import io.jdlt.spring.ManagedPipeline;
import io.jdlt.spring.ManagedPipelines;

/**
 * Runs each pipeline that has {@code jdlt.pipelines.<name>.schedule} on its cron expression, on threads of its own
 * ({@code jdlt-scheduler-*}) so that the application's other scheduled tasks are not held up. A run that finds the
 * previous one still going (here or in another instance) is skipped, never queued.
 */
public final class JdltScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JdltScheduler.class);

    private final ManagedPipelines pipelines;
    private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
    private @Nullable ThreadPoolTaskScheduler scheduler;

    public JdltScheduler(ManagedPipelines pipelines) {
        this.pipelines = pipelines;
    }

    @Override
    public synchronized void start() {
        List<ManagedPipeline> withSchedule = pipelines.all().stream().filter(p -> p.schedule() != null).toList();
        if (withSchedule.isEmpty()) {
            return;
        }
        ThreadPoolTaskScheduler started = new ThreadPoolTaskScheduler();
        started.setPoolSize(Math.min(withSchedule.size(), 4));
        started.setThreadNamePrefix("jdlt-scheduler-");
        // a run in flight gets a while to finish at shutdown; one cut off is finished by the next run, never lost
        started.setWaitForTasksToCompleteOnShutdown(true);
        started.setAwaitTerminationSeconds(30);
        started.initialize();
        scheduler = started;
        for (ManagedPipeline pipeline : withSchedule) {
            CronTrigger trigger = new CronTrigger(java.util.Objects.requireNonNull(pipeline.schedule()));
            scheduled.add(started.schedule(() -> runScheduled(pipeline), trigger));
            log.info("Pipeline {} runs on schedule '{}'", pipeline.name(), pipeline.schedule());
        }
    }

    private static void runScheduled(ManagedPipeline pipeline) {
        try {
            pipeline.runIfIdle("schedule");
        }
        catch (RuntimeException ex) {
            // the run's record, metrics and health show the failure; the schedule goes on
            log.error("Scheduled run of pipeline {} failed: {}", pipeline.name(), ex.getMessage(), ex);
        }
    }

    @Override
    public synchronized void stop() {
        scheduled.forEach(future -> future.cancel(false));
        scheduled.clear();
        if (scheduler != null) {
            scheduler.shutdown();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
