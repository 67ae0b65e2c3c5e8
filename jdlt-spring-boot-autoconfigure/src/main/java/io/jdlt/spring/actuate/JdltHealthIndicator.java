package io.jdlt.spring.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.jdlt.Pipeline;
import io.jdlt.spring.ManagedPipeline;
import io.jdlt.spring.ManagedPipelines;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * jdlt's health: DOWN when a pipeline's destination cannot be reached or its last run failed; each pipeline's
 * details say which, with its pending packages. A pipeline that is running is not probed: its run holds the
 * destination and proves it reachable.
 */
public class JdltHealthIndicator implements HealthIndicator {

    private final ManagedPipelines pipelines;

    public JdltHealthIndicator(ManagedPipelines pipelines) {
        this.pipelines = pipelines;
    }

    @Override
    public Health health() {
        boolean up = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (ManagedPipeline managed : pipelines.all()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            Pipeline pipeline = managed.pipeline();
            detail.put("destination", pipeline.destination().name() + " " + pipeline.destination().location());
            String reachable = managed.isRunning() ? "running" : pipeline.destination()
                    .unreachable(pipeline.datasetName()).map(reason -> "no: " + reason).orElse("yes");
            detail.put("reachable", reachable);
            String lastRun = managed.lastRun().map(run -> run.outcome().name().toLowerCase(java.util.Locale.ROOT))
                    .orElse("none");
            detail.put("lastRun", lastRun);
            managed.lastRun().map(ManagedPipeline.RunRecord::error).ifPresent(error -> detail.put("lastError", error));
            detail.put("pendingPackages", pipeline.pendingPackageCount());
            up &= (reachable.equals("yes") || reachable.equals("running")) && !lastRun.equals("failed");
            details.put(managed.name(), detail);
        }
        return (up ? Health.up() : Health.down()).withDetails(details).build();
    }

}
