package io.jdlt.spring.autoconfigure;

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

/** Managed pipelines as JSON-ready maps, for Actuator: secrets masked, values people read. */
final class PipelineViews {

    /** Loaded packages shown in a pipeline's detail, newest last. */
    static final int PACKAGES_SHOWN = 10;

    private PipelineViews() {
    }

    static Map<String, Object> summary(ManagedPipeline managed) {
        Pipeline pipeline = managed.pipeline();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("source", managed.sourceName());
        view.put("destination", pipeline.destination().name());
        view.put("location", pipeline.destination().location());
        view.put("dataset", pipeline.datasetName());
        view.put("schedule", managed.schedule());
        view.put("status", managed.isRunning() ? "running" : "idle");
        view.put("lastRun", managed.lastRun().map(PipelineViews::run).orElse(null));
        view.put("lastSuccessAt", managed.lastSuccessAt().map(Instant::toString).orElse(null));
        view.put("pendingPackages", pipeline.pendingPackageCount());
        RunProgress.Snapshot progress = pipeline.progress();
        view.put("progress", progress.running() ? progress(progress) : null);
        return view;
    }

    static Map<String, Object> detail(ManagedPipeline managed) {
        Pipeline pipeline = managed.pipeline();
        Map<String, Object> view = summary(managed);
        Map<String, Object> state = pipeline.state();
        view.put("schemas", schemas(pipeline, state));
        view.put("state", masked(state));
        view.put("loadPackages", pipeline.loadPackages(PACKAGES_SHOWN).stream().map(PipelineViews::loadPackage)
                .toList());
        // every aborted package still on disk, however old: each is data that did not load until someone drops it
        view.put("abortedPackages", pipeline.abortedPackages().stream().map(PipelineViews::loadPackage).toList());
        view.put("settings", masked(pipeline.effectiveSettings()));
        return view;
    }

    private static Map<String, Object> run(ManagedPipeline.RunRecord run) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("trigger", run.trigger());
        view.put("outcome", run.outcome().name().toLowerCase(java.util.Locale.ROOT));
        view.put("startedAt", run.startedAt().toString());
        view.put("finishedAt", run.finishedAt().toString());
        view.put("attempts", run.attempts());
        view.put("error", run.error());
        LoadInfo info = run.loadInfo();
        if (info != null) {
            view.put("loadIds", info.loadIds());
            view.put("rowCounts", new java.util.TreeMap<>(info.rowCounts()));
            view.put("failedJobs", info.loadPackages().stream().flatMap(p -> p.failedJobs().stream())
                    .map(LoadJobInfo::fileName).toList());
        }
        return view;
    }

    private static Map<String, Object> progress(RunProgress.Snapshot progress) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("stage", progress.stage() == null ? null : progress.stage().label());
        view.put("stageSeconds", Math.round(progress.stageSeconds(Instant.now()) * 10) / 10.0);
        view.put("itemsExtracted", progress.itemsExtracted());
        view.put("rowsNormalized", progress.rowsNormalized());
        view.put("jobsLoaded", progress.jobsLoaded());
        return view;
    }

    private static List<Map<String, Object>> schemas(Pipeline pipeline, Map<String, Object> state) {
        List<Map<String, Object>> schemas = new ArrayList<>();
        if (state.get("schema_names") instanceof List<?> names) {
            for (Object name : names) {
                pipeline.schema(name.toString()).ifPresent(schema -> schemas.add(schema(schema)));
            }
        }
        return schemas;
    }

    private static Map<String, Object> schema(Schema schema) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", schema.name());
        view.put("version", schema.version());
        view.put("versionHash", schema.versionHash());
        view.put("tables", schema.tables().stream().map(io.jdlt.schema.Table::name)
                .filter(name -> !Schema.isSystemTable(name)).toList());
        return view;
    }

    static Map<String, Object> loadPackage(LoadPackageInfo loadPackage) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("loadId", loadPackage.loadId());
        view.put("schema", loadPackage.schemaName());
        view.put("status", loadPackage.status().dltName());
        view.put("failure", loadPackage.failure() == null ? null : ManagedPipeline.RunRecord.cut(loadPackage.failure()));
        view.put("jobs", loadPackage.jobs().stream().map(job -> {
            Map<String, Object> jobView = new LinkedHashMap<>();
            jobView.put("table", job.tableName());
            jobView.put("file", job.fileName());
            jobView.put("state", job.state());
            jobView.put("failedMessage", job.failedMessage() == null ? null
                    : ManagedPipeline.RunRecord.cut(job.failedMessage()));
            return jobView;
        }).toList());
        return view;
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
