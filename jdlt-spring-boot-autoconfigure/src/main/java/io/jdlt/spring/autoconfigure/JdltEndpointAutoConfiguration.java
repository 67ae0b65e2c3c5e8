package io.jdlt.spring.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import io.jdlt.spring.ManagedPipelines;
import io.jdlt.spring.actuate.JdltEndpoint;

/** The Actuator endpoint {@code jdlt}, when Actuator is present and the endpoint is exposed. */
@AutoConfiguration(after = JdltAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(ManagedPipelines.class)
@ConditionalOnAvailableEndpoint(JdltEndpoint.class)
public final class JdltEndpointAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JdltEndpoint jdltEndpoint(ManagedPipelines managedPipelines, JdltProperties properties) {
        return new JdltEndpoint(managedPipelines, properties.isActuatorRunEnabled(),
                properties.isActuatorPackagesEnabled());
    }
}
