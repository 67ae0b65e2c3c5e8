package io.jdlt.spring.autoconfigure;

import javax.sql.DataSource;

import io.jdlt.Pipeline;
import io.jdlt.config.Configuration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configuration of jdlt: binds {@code jdlt.*}, builds dlt's configuration chain with the Spring Environment
 * first, and provides {@link JdltPipelines}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
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
        return new JdltPipelines(properties, jdltConfiguration, dataSource.getIfUnique());
    }
}
