package io.jdlt.spring.autoconfigure;

import io.jdlt.spring.ManagedPipelines;
import io.jdlt.spring.actuate.JdltMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** jdlt's meters ({@link JdltMetrics}) when Micrometer is on the class path; Spring Boot binds them to its registry. */
@AutoConfiguration(after = JdltAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, ManagedPipelines.class})
public final class JdltMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JdltMetrics jdltMetrics(ObjectProvider<ManagedPipelines> managedPipelines) {
        return new JdltMetrics(managedPipelines);
    }
}
