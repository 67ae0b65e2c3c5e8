package io.jdlt.spring.autoconfigure;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.jdlt.config.Configuration;
import io.jdlt.config.EnvironmentVariables;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * dlt's provider chain for a Spring application: the Spring Environment first, then dlt's environment variables
 * ({@code SOURCES__GITHUB__TOKEN}, taken from the Environment's system environment so tests can set them), then
 * {@code secrets.toml} and {@code config.toml} from the project's {@code .dlt} folder and from {@code ~/.dlt}.
 */
final class JdltConfigurationFactory {

    private JdltConfigurationFactory() {
    }

    static Configuration create(ConfigurableEnvironment environment, JdltProperties properties) {
        Path projectDir = properties.getProjectDir() != null ? properties.getProjectDir() : Configuration.projectDir();
        Path globalSettings = properties.getGlobalSettingsDir() != null ? properties.getGlobalSettingsDir()
                : Configuration.globalSettingsDir();
        return Configuration.standard(EnvironmentVariables.of(systemEnvironment(environment)), projectDir,
                globalSettings).withFirst(new SpringEnvironmentConfigProvider(environment));
    }

    private static Map<String, String> systemEnvironment(ConfigurableEnvironment environment) {
        PropertySource<?> source = environment.getPropertySources()
                .get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        if (!(source instanceof EnumerablePropertySource<?> variables)) {
            return System.getenv();
        }
        Map<String, String> copy = new LinkedHashMap<>();
        for (String name : variables.getPropertyNames()) {
            Object value = variables.getProperty(name);
            if (value != null) {
                copy.put(name, value.toString());
            }
        }
        return copy;
    }
}
