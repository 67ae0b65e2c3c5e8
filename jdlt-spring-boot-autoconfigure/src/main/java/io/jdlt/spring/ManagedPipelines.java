package io.jdlt.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.jdlt.LoadInfo;
import io.jdlt.Pipeline;
import io.jdlt.extract.Source;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.core.retry.RetryPolicy;

/**
 * The application's pipelines, by name: one per {@code jdlt.pipelines.<name>} entry, and one per @JdltSource bean,
 * Source bean or {@code jdlt.rest-api-sources} entry that no entry names (the pipeline then takes the source's name).
 * <pre>{@code
 * @Scheduled(cron = "0 0 * * * *")
 * void hourly() { pipelines.run("github"); }
 * }</pre>
 */
public class ManagedPipelines implements AutoCloseable {

    private final Map<String, ManagedPipeline> pipelines;
    private final RunProgressLog progressLog;

    ManagedPipelines(Map<String, ManagedPipeline> pipelines, RunProgressLog progressLog) {
        this.pipelines = pipelines;
        this.progressLog = progressLog;
    }

    /** The pipelines' names, in the order they were declared. */
    public List<String> names() {
        return new ArrayList<>(pipelines.keySet());
    }

    public Collection<ManagedPipeline> all() {
        return pipelines.values();
    }

    public Optional<ManagedPipeline> find(String name) {
        return Optional.ofNullable(pipelines.get(name));
    }

    /** The named pipeline; an unknown name fails naming the known ones. */
    public ManagedPipeline get(String name) {
        ManagedPipeline pipeline = pipelines.get(name);
        if (pipeline == null) {
            throw new IllegalArgumentException("no jdlt pipeline named '" + name + "'; pipelines: " + names());
        }
        return pipeline;
    }

    /**
     * Runs the named pipeline now and waits for it.
     *
     * @throws PipelineBusyException when another run of it is in progress, here or in another instance
     */
    public LoadInfo run(String name) {
        return get(name).run();
    }

    @Override
    public void close() {
        progressLog.close();
    }

    /**
     * One pipeline to manage, as the auto-configuration reads it from the application's beans and its
     * {@code jdlt.pipelines.<name>} properties.
     *
     * @param name the pipeline's name
     * @param sourceName the name of the source it runs
     * @param source the source, built when a run needs it
     * @param destination its destination, or {@code null} for the application's default
     * @param datasetName its dataset, or {@code null} for dlt's default
     * @param schedule the cron expression of its runs, or {@code null}
     * @param retry how runs that fail transiently are tried again, or {@code null} for never
     */
    public record Definition(String name, String sourceName, Supplier<Source> source, @Nullable String destination,
            @Nullable String datasetName, @Nullable String schedule, @Nullable RetryPolicy retry) {
    }

    /**
     * Builds a managed pipeline for each definition: each pipeline's builder comes from {@code builders}, its runs
     * are observed, the customizers adjust it and the run listeners hear its runs.
     *
     * @param progressLogInterval how often a run in flight logs its progress
     */
    public static ManagedPipelines of(List<Definition> definitions, JdltPipelines builders,
            ObservationRegistry observations, List<JdltRunListener> runListeners,
            List<JdltPipelineCustomizer> customizers, Duration progressLogInterval) {
        RunProgressLog progressLog = new RunProgressLog(progressLogInterval);
        Map<String, ManagedPipeline> pipelines = new LinkedHashMap<>();
        for (Definition definition : definitions) {
            Pipeline.Builder builder = builders.builder(definition.name());
            if (definition.destination() != null) {
                builder.destination(definition.destination());
            }
            if (definition.datasetName() != null) {
                builder.datasetName(definition.datasetName());
            }
            // first, so that a customizer's listener that throws cannot keep it from closing its observations
            ObservingPipelineListener observing = new ObservingPipelineListener(observations, definition.name());
            builder.listener(observing);
            customizers.forEach(customizer -> customizer.customize(definition.name(), builder));
            Pipeline pipeline = builder.build();
            observing.destination(pipeline.destination().name());
            pipelines.put(definition.name(), new ManagedPipeline(definition.name(), definition.sourceName(), pipeline,
                    definition.source(), definition.schedule(), definition.retry(), observations, runListeners,
                    progressLog));
        }
        return new ManagedPipelines(pipelines, progressLog);
    }
}
