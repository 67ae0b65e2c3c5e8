package io.jdlt.spring.actuate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jdlt.LoadInfo;
import io.jdlt.Pipeline;
import io.jdlt.common.RunProgress;
import io.jdlt.config.Secrets;
import io.jdlt.load.LoadJobInfo;
import io.jdlt.load.LoadPackageInfo;
import io.jdlt.schema.Schema;
import io.jdlt.spring.ManagedPipeline;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * Managed pipelines as the Actuator endpoint shows them: typed descriptors (the endpoint's response bodies), as
 * Spring Boot's own endpoints return them; secrets masked, values people read.
 */
public final class PipelineViews {

    /** Loaded packages shown in a pipeline's detail, newest last. */
    static final int PACKAGES_SHOWN = 10;

    private PipelineViews() {
    }

    /** Every pipeline, by name: {@code GET /actuator/jdlt}. */
    public record PipelinesDescriptor(Map<String, PipelineDescriptor> pipelines) implements OperationResponseBody {
    }

    /** One pipeline at a glance. */
    public record PipelineDescriptor(String source, String destination, String location, String dataset,
            @Nullable String schedule, String status, @Nullable RunDescriptor lastRun, @Nullable String lastSuccessAt,
            int pendingPackages, @Nullable ProgressDescriptor progress) {
    }

    /** One pipeline in detail: {@code GET /actuator/jdlt/{pipeline}}. */
    public record PipelineDetailDescriptor(String source, String destination, String location, String dataset,
            @Nullable String schedule, String status, @Nullable RunDescriptor lastRun, @Nullable String lastSuccessAt,
            int pendingPackages, @Nullable ProgressDescriptor progress, List<SchemaDescriptor> schemas,
            Map<String, Object> state, List<LoadPackageDescriptor> loadPackages,
            List<LoadPackageDescriptor> abortedPackages, Map<String, Object> settings)
            implements OperationResponseBody {
    }

    /** The last run: who started it, how it ended, what it loaded. */
    public record RunDescriptor(String trigger, String outcome, String startedAt, String finishedAt, int attempts,
            @Nullable String error, @Nullable List<String> loadIds, @Nullable Map<String, Long> rowCounts,
            @Nullable List<String> failedJobs) {
    }

    /** How far the run in flight has come. */
    public record ProgressDescriptor(@Nullable String stage, double stageSeconds, long itemsExtracted, long rowsNormalized,
            long jobsLoaded) {
    }

    public record SchemaDescriptor(String name, int version, String versionHash, List<String> tables) {
    }

    /** A load package with its jobs; {@code failure} says why it was aborted or why its last attempt failed. */
    public record LoadPackageDescriptor(String loadId, String schema, String status, @Nullable String failure,
            List<JobDescriptor> jobs) {
    }

    public record JobDescriptor(String table, String file, String state, @Nullable String failedMessage) {
    }

    static PipelineDescriptor summary(ManagedPipeline managed) {
        Pipeline pipeline = managed.pipeline();
        RunProgress.Snapshot progress = pipeline.progress();
        return new PipelineDescriptor(managed.sourceName(), pipeline.destination().name(),
                pipeline.destination().location(), pipeline.datasetName(), managed.schedule(),
                managed.isRunning() ? "running" : "idle", managed.lastRun().map(PipelineViews::run).orElse(null),
                managed.lastSuccessAt().map(Instant::toString).orElse(null), pipeline.pendingPackageCount(),
                progress.running() ? progress(progress) : null);
    }

    static PipelineDetailDescriptor detail(ManagedPipeline managed) {
        Pipeline pipeline = managed.pipeline();
        PipelineDescriptor summary = summary(managed);
        Map<String, Object> state = pipeline.state();
        return new PipelineDetailDescriptor(summary.source(), summary.destination(), summary.location(),
                summary.dataset(), summary.schedule(), summary.status(), summary.lastRun(), summary.lastSuccessAt(),
                summary.pendingPackages(), summary.progress(), schemas(pipeline, state), masked(state),
                pipeline.loadPackages(PACKAGES_SHOWN).stream().map(PipelineViews::loadPackage).toList(),
                // every aborted package still on disk, however old: each is data that did not load until dropped
                pipeline.abortedPackages().stream().map(PipelineViews::loadPackage).toList(),
                masked(pipeline.effectiveSettings()));
    }

    private static RunDescriptor run(ManagedPipeline.RunRecord run) {
        LoadInfo info = run.loadInfo();
        return new RunDescriptor(run.trigger(), run.outcome().name().toLowerCase(java.util.Locale.ROOT),
                run.startedAt().toString(), run.finishedAt().toString(), run.attempts(), run.error(),
                info == null ? null : info.loadIds(),
                info == null ? null : new java.util.TreeMap<>(info.rowCounts()),
                info == null ? null : info.loadPackages().stream().flatMap(p -> p.failedJobs().stream())
                        .map(LoadJobInfo::fileName).toList());
    }

    private static ProgressDescriptor progress(RunProgress.Snapshot progress) {
        return new ProgressDescriptor(progress.stage() == null ? null : progress.stage().label(),
                Math.round(progress.stageSeconds(Instant.now()) * 10) / 10.0, progress.itemsExtracted(),
                progress.rowsNormalized(), progress.jobsLoaded());
    }

    private static List<SchemaDescriptor> schemas(Pipeline pipeline, Map<String, Object> state) {
        List<SchemaDescriptor> schemas = new ArrayList<>();
        if (state.get("schema_names") instanceof List<?> names) {
            for (Object name : names) {
                pipeline.schema(name.toString()).ifPresent(schema -> schemas.add(new SchemaDescriptor(schema.name(),
                        schema.version(), schema.versionHash(), schema.tables().stream().map(io.jdlt.schema.Table::name)
                                .filter(table -> !Schema.isSystemTable(table)).toList())));
            }
        }
        return schemas;
    }

    static LoadPackageDescriptor loadPackage(LoadPackageInfo loadPackage) {
        return new LoadPackageDescriptor(loadPackage.loadId(), loadPackage.schemaName(),
                loadPackage.status().dltName(),
                loadPackage.failure() == null ? null : ManagedPipeline.RunRecord.cut(loadPackage.failure()),
                loadPackage.jobs().stream().map(job -> new JobDescriptor(job.tableName(), job.fileName(), job.state(),
                        job.failedMessage() == null ? null : ManagedPipeline.RunRecord.cut(job.failedMessage())))
                        .toList());
    }

    /** A copy with every value under a key that names a secret masked, at any depth. */
    static Map<String, Object> masked(Map<String, ?> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> copy.put(key, Secrets.isSecretKey(key) ? Secrets.MASK : maskedValue(value)));
        return copy;
    }

    private static Object maskedValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> typed = new LinkedHashMap<>();
            map.forEach((k, v) -> typed.put(String.valueOf(k), v));
            return masked(typed);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(PipelineViews::maskedValue).toList();
        }
        return value;
    }
}
