package io.jdlt.sample;

import io.jdlt.LoadInfo;
import io.jdlt.spring.ManagedPipelines;
import io.jdlt.spring.PipelineBusyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A pipeline run from the application's own {@code @Scheduled} method, beside the schedules jdlt runs itself: the
 * run is refused while the same pipeline runs on its own schedule, so the two never overlap.
 */
@Component
class NightlyIssues {

    private static final Logger log = LoggerFactory.getLogger(NightlyIssues.class);

    private final ManagedPipelines pipelines;

    NightlyIssues(ManagedPipelines pipelines) {
        this.pipelines = pipelines;
    }

    @Scheduled(cron = "${sample.nightly-cron:0 0 2 * * *}")
    void loadIssues() {
        try {
            LoadInfo info = pipelines.run("github_issues");
            info.raiseOnFailedJobs();
            log.info("Nightly issues load: {}", info.rowCounts());
        }
        catch (PipelineBusyException busy) {
            log.info("Nightly issues load skipped: {}", busy.getMessage());
        }
    }
}
