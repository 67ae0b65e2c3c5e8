package io.jdlt.spring.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import io.jdlt.spring.ManagedPipelines;
import io.jdlt.spring.actuate.JdltHealthIndicator;

/** jdlt's health indicator ({@code management.health.jdlt.enabled}, on by default) when Spring Boot health is present. */
@AutoConfiguration(after = JdltAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ManagedPipelines.class)
@ConditionalOnEnabledHealthIndicator("jdlt")
public final class JdltHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "jdltHealthIndicator")
    JdltHealthIndicator jdltHealthIndicator(ManagedPipelines managedPipelines) {
        return new JdltHealthIndicator(managedPipelines);
    }
}
