package io.jdlt.spring.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.jdlt.LoadInfo;
import io.jdlt.load.LoadJobInfo;
import io.jdlt.load.LoadPackageInfo;
import io.jdlt.spring.JdltRunListener;
import io.jdlt.spring.ManagedPipeline;
import io.jdlt.spring.ManagedPipelines;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;

/**
 * jdlt's meters, beside the timers of its observations:
 * <ul>
 * <li>{@code jdlt.rows} (pipeline, table): rows loaded per table;</li>
 * <li>{@code jdlt.jobs} (pipeline, status): load jobs by how they ended (completed, failed, new when their package
 * was aborted);</li>
 * <li>{@code jdlt.packages.pending} (pipeline): packages waiting for normalize or load;</li>
 * <li>{@code jdlt.last.success.age} (pipeline): seconds since the last successful run, NaN before the first.</li>
 * </ul>
 */
public final class JdltMetrics implements MeterBinder, JdltRunListener {

    private final ObjectProvider<ManagedPipelines> pipelines;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

    public JdltMetrics(ObjectProvider<ManagedPipelines> pipelines) {
        this.pipelines = pipelines;
    }

    @Override
    public void bindTo(MeterRegistry meterRegistry) {
        registries.add(meterRegistry);
        ManagedPipelines managed = pipelines.getIfAvailable();
        if (managed == null) {
            return;
        }
        for (ManagedPipeline pipeline : managed.all()) {
            Gauge.builder("jdlt.packages.pending", pipeline, p -> p.pipeline().pendingPackageCount())
                    .description("Load packages waiting for normalize or load").tag("pipeline", pipeline.name())
                    .baseUnit("packages").register(meterRegistry);
            Gauge.builder("jdlt.last.success.age", pipeline, JdltMetrics::secondsSinceLastSuccess)
                    .description("Seconds since the last successful run").tag("pipeline", pipeline.name())
                    .baseUnit("seconds").register(meterRegistry);
        }
    }

    private static double secondsSinceLastSuccess(ManagedPipeline pipeline) {
        return pipeline.lastSuccessAt().map(at -> Duration.between(at, Instant.now()).toMillis() / 1000.0)
                .orElse(Double.NaN);
    }

    @Override
    public void runFinished(ManagedPipeline pipeline, ManagedPipeline.RunRecord run) {
        for (MeterRegistry meters : registries) {
            LoadInfo info = run.loadInfo();
            if (info != null) {
                // an aborted package committed nothing: its rows were not loaded
                if (!info.hasFailedJobs()) {
                    countRows(meters, pipeline, info);
                }
                info.loadPackages().forEach(loadPackage -> countJobs(meters, pipeline, loadPackage));
            }
            else if (run.abortedPackage() != null) {
                countJobs(meters, pipeline, run.abortedPackage());
            }
        }
    }

    private static void countRows(MeterRegistry meters, ManagedPipeline pipeline, LoadInfo info) {
        info.rowCounts().forEach((table, rows) -> Counter.builder("jdlt.rows").description("Rows loaded")
                .tag("pipeline", pipeline.name()).tag("table", table).baseUnit("rows").register(meters)
                .increment(rows));
    }

    private static void countJobs(MeterRegistry meters, ManagedPipeline pipeline, LoadPackageInfo loadPackage) {
        for (LoadJobInfo job : loadPackage.jobs()) {
            Counter.builder("jdlt.jobs").description("Load jobs by how they ended")
                    .tag("pipeline", pipeline.name()).tag("status", job.state()).register(meters).increment();
        }
    }
}
