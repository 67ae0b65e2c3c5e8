package io.jdlt.spring.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.jdlt.Jdlt;
import io.jdlt.LoadInfo;
import io.jdlt.Pipeline;
import io.jdlt.extract.JdltSource;
import io.jdlt.extract.Source;
import io.jdlt.spring.autoconfigure.JdltProperties.PipelineProperties;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.AopProxyUtils;
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

    /** Finds the sources and builds a pipeline for each; everything it needs comes from the application context. */
    static final class Factory {

        private final JdltProperties properties;
        private final JdltPipelines builders;
        private final RestApiSources restApiSources;
        private final ObservationRegistry observations;
        private final List<JdltRunListener> runListeners;
        private final List<JdltPipelineCustomizer> customizers;

        Factory(JdltProperties properties, JdltPipelines builders, RestApiSources restApiSources,
                ObservationRegistry observations, List<JdltRunListener> runListeners,
                List<JdltPipelineCustomizer> customizers) {
            this.properties = properties;
            this.builders = builders;
            this.restApiSources = restApiSources;
            this.observations = observations;
            this.runListeners = runListeners;
            this.customizers = customizers;
        }

        /**
         * @param annotatedBeans the @JdltSource beans: their names, and each bean when a run needs it, so that a
         *        source bean may itself use {@link ManagedPipelines}
         * @param sourceBeans beans of type Source, by bean name
         */
        ManagedPipelines create(Map<String, Supplier<Object>> annotatedBeans, Map<String, JdltSource> annotations,
                Map<String, Class<?>> types, Map<String, Source> sourceBeans) {
            Map<String, Supplier<Source>> sources = new LinkedHashMap<>();
            annotatedBeans.forEach((beanName, bean) -> {
                JdltSource annotation = annotations.get(beanName);
                String sourceName = !annotation.value().isBlank() ? annotation.value()
                        : new io.jdlt.schema.SnakeCaseNaming().normalizeIdentifier(types.get(beanName).getSimpleName());
                // the annotations are on the class the bean's proxy (transactions, security) stands in for
                register(sources, sourceName, () -> Jdlt.source(unproxied(bean.get())), "@JdltSource bean '"
                        + beanName + "'");
            });
            sourceBeans.forEach((beanName, source) -> register(sources, source.name(), () -> source,
                    "Source bean '" + beanName + "'"));
            for (String name : restApiSources.names()) {
                register(sources, name, () -> restApiSources.source(name), RestApiSources.PREFIX + "." + name);
            }
            Map<String, PipelineProperties> declared = new LinkedHashMap<>(properties.getPipelines());
            List<String> named = declared.entrySet().stream()
                    .map(entry -> entry.getValue().getSource() != null ? entry.getValue().getSource() : entry.getKey())
                    .toList();
            for (String sourceName : sources.keySet()) {
                if (!named.contains(sourceName) && !declared.containsKey(sourceName)) {
                    declared.put(sourceName, new PipelineProperties());
                }
            }
            RunProgressLog progressLog = new RunProgressLog(properties.getProgressLogInterval());
            Map<String, ManagedPipeline> pipelines = new LinkedHashMap<>();
            declared.forEach((name, settings) -> {
                if (!settings.isEnabled()) {
                    return;
                }
                String sourceName = settings.getSource() != null ? settings.getSource() : name;
                Supplier<Source> source = sources.get(sourceName);
                if (source == null) {
                    throw new IllegalStateException("jdlt.pipelines." + name + ".source: no @JdltSource bean, Source "
                            + "bean or " + RestApiSources.PREFIX + " entry is named '" + sourceName + "'; sources: "
                            + new TreeSet<>(sources.keySet()));
                }
                pipelines.put(name, managed(name, sourceName, settings, source, progressLog));
            });
            return new ManagedPipelines(pipelines, progressLog);
        }

        private static Object unproxied(Object bean) {
            Object current = bean;
            while (!current.getClass().isAnnotationPresent(JdltSource.class)) {
                Object target = AopProxyUtils.getSingletonTarget(current);
                if (target == null) {
                    throw new IllegalStateException("bean of " + bean.getClass().getName() + " is annotated with "
                            + "@JdltSource behind a proxy jdlt cannot see through; make the source a plain bean");
                }
                current = target;
            }
            return current;
        }

        private static void register(Map<String, Supplier<Source>> sources, String sourceName, Supplier<Source> source,
                String origin) {
            if (sources.putIfAbsent(sourceName, source) != null) {
                throw new IllegalStateException("two sources are named '" + sourceName + "'; the second is " + origin
                        + ". Source names must be unique in an application (they name schemas and pipelines).");
            }
        }

        private ManagedPipeline managed(String name, String sourceName, PipelineProperties settings,
                Supplier<Source> source, RunProgressLog progressLog) {
            Pipeline.Builder builder = builders.builder(name);
            if (settings.getDestination() != null) {
                builder.destination(settings.getDestination());
            }
            if (settings.getDatasetName() != null) {
                builder.datasetName(settings.getDatasetName());
            }
            // first, so that a customizer's listener that throws cannot keep it from closing its observations
            ObservingPipelineListener observing = new ObservingPipelineListener(observations, name);
            builder.listener(observing);
            customizers.forEach(customizer -> customizer.customize(name, builder));
            Pipeline pipeline = builder.build();
            observing.destination(pipeline.destination().name());
            return new ManagedPipeline(name, sourceName, pipeline, source, settings.getSchedule(),
                    retryPolicy(settings.getRetry()), observations, runListeners, progressLog);
        }

        private static @Nullable RetryPolicy retryPolicy(JdltProperties.Retry retry) {
            if (retry.getMaxRetries() <= 0) {
                return null;
            }
            // only what may succeed when tried again: data and configuration errors fail the same way every time
            return RetryPolicy.builder().maxRetries(retry.getMaxRetries()).delay(retry.getDelay())
                    .multiplier(retry.getMultiplier()).maxDelay(retry.getMaxDelay())
                    .includes(io.jdlt.common.TransientException.class).build();
        }
    }
}
