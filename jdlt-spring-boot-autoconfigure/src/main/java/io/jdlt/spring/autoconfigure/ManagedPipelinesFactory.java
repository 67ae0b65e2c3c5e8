package io.jdlt.spring.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.jdlt.Jdlt;
import io.jdlt.extract.JdltSource;
import io.jdlt.extract.Source;
import io.jdlt.spring.JdltPipelineCustomizer;
import io.jdlt.spring.JdltPipelines;
import io.jdlt.spring.JdltRunListener;
import io.jdlt.spring.ManagedPipelines;
import io.jdlt.spring.autoconfigure.JdltProperties.PipelineProperties;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.core.retry.RetryPolicy;

/**
 * Finds the application's sources (@JdltSource beans, Source beans, {@code jdlt.rest-api-sources}) and defines a
 * pipeline for each {@code jdlt.pipelines.<name>} entry and each source no entry names.
 */
final class ManagedPipelinesFactory {

    private final JdltProperties properties;
    private final JdltPipelines builders;
    private final RestApiSources restApiSources;
    private final ObservationRegistry observations;
    private final List<JdltRunListener> runListeners;
    private final List<JdltPipelineCustomizer> customizers;

    ManagedPipelinesFactory(JdltProperties properties, JdltPipelines builders, RestApiSources restApiSources,
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
            JdltSource annotation = java.util.Objects.requireNonNull(annotations.get(beanName));
            String sourceName = io.jdlt.extract.AnnotatedSource.sourceName(
                    java.util.Objects.requireNonNull(types.get(beanName)), annotation);
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
        List<ManagedPipelines.Definition> definitions = new ArrayList<>();
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
            definitions.add(new ManagedPipelines.Definition(name, sourceName, source, settings.getDestination(),
                    settings.getDatasetName(), settings.getSchedule(), retryPolicy(settings.getRetry())));
        });
        return ManagedPipelines.of(definitions, builders, observations, runListeners, customizers,
                properties.getProgressLogInterval());
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
