package io.jdlt.spring.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.jdlt.Pipeline;
import io.jdlt.config.Configuration;
import io.jdlt.extract.JdltSource;
import io.jdlt.extract.Source;
import io.jdlt.spring.JdltPipelineCustomizer;
import io.jdlt.spring.JdltPipelines;
import io.jdlt.spring.JdltRunListener;
import io.jdlt.spring.ManagedPipelines;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configuration of jdlt: binds {@code jdlt.*}, builds dlt's configuration chain with the Spring Environment
 * first, turns @JdltSource beans, Source beans and REST API sources declared under {@code jdlt.rest-api-sources}
 * into pipelines ({@link ManagedPipelines}), and runs those with a schedule.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnClass(Pipeline.class)
@EnableConfigurationProperties(JdltProperties.class)
public final class JdltAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Configuration jdltConfiguration(ConfigurableEnvironment environment, JdltProperties properties) {
        return JdltConfigurationFactory.create(environment, properties);
    }

    @Bean
    @ConditionalOnMissingBean
    JdltPipelines jdltPipelines(JdltProperties properties, Configuration jdltConfiguration,
            ObjectProvider<DataSource> dataSource) {
        return new JdltPipelines(new JdltPipelines.Defaults(properties.getDestination(), properties.getDevMode(),
                properties.getPipelinesDir()), jdltConfiguration, dataSource.getIfUnique());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ManagedPipelines managedPipelines(JdltProperties properties, JdltPipelines jdltPipelines,
            Configuration jdltConfiguration, ConfigurableEnvironment environment, ListableBeanFactory beans,
            ObjectProvider<ObservationRegistry> observations, ObjectProvider<JdltRunListener> runListeners,
            ObjectProvider<JdltPipelineCustomizer> customizers) {
        ManagedPipelinesFactory factory = new ManagedPipelinesFactory(properties, jdltPipelines,
                new RestApiSources(environment, jdltConfiguration),
                observations.getIfAvailable(() -> ObservationRegistry.NOOP), runListeners.orderedStream().toList(),
                customizers.orderedStream().toList());
        Map<String, Supplier<Object>> annotated = new LinkedHashMap<>();
        Map<String, JdltSource> annotations = new LinkedHashMap<>();
        Map<String, Class<?>> types = new LinkedHashMap<>();
        for (String beanName : beans.getBeanNamesForAnnotation(JdltSource.class)) {
            annotated.put(beanName, () -> beans.getBean(beanName));
            annotations.put(beanName, beans.findAnnotationOnBean(beanName, JdltSource.class));
            types.put(beanName, org.springframework.util.ClassUtils.getUserClass(java.util.Objects.requireNonNull(
                    beans.getType(beanName), "the type of bean " + beanName)));
        }
        return factory.create(annotated, annotations, types, beans.getBeansOfType(Source.class));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "jdlt.scheduling-enabled", matchIfMissing = true)
    JdltScheduler jdltScheduler(ManagedPipelines managedPipelines) {
        return new JdltScheduler(managedPipelines);
    }
}
