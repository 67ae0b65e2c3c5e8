package io.jdlt.spring.autoconfigure;

import io.jdlt.Pipeline;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of jdlt: binds {@code jdlt.*} and provides {@link JdltPipelines}.
 */
@AutoConfiguration
@ConditionalOnClass(Pipeline.class)
@EnableConfigurationProperties(JdltProperties.class)
public final class JdltAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    JdltPipelines jdltPipelines(JdltProperties properties) {
        return new JdltPipelines(properties);
    }
}
