package io.jdlt.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.jdlt.config.ConfigProvider;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The application's Spring Environment as jdlt's first configuration provider: whatever the application reads its
 * properties from (application.yml, profiles, environment variables, a config server) also holds dlt's sections, with
 * Spring's relaxed binding: {@code sources.github.access_token} is found as {@code access-token}, {@code accessToken}
 * or {@code access_token} in YAML, and as {@code SOURCES_GITHUB_ACCESSTOKEN} in the environment.
 */
public final class SpringEnvironmentConfigProvider implements ConfigProvider {

    private final ConfigurableEnvironment environment;
    private final Binder binder;

    public SpringEnvironmentConfigProvider(ConfigurableEnvironment environment) {
        this.environment = environment;
        this.binder = Binder.get(environment);
    }

    @Override
    public String name() {
        return "Spring Environment";
    }

    /** The application decides where its properties come from; placeholders usually point at a vault or the env. */
    @Override
    public boolean holdsSecrets() {
        return true;
    }

    @Override
    public @Nullable Object get(List<String> path, boolean secret) {
        // the key exactly as dlt writes it, e.g. from a properties file or a config server
        String value = environment.getProperty(String.join(".", path));
        if (value != null) {
            return value;
        }
        ConfigurationPropertyName name = relaxedName(path);
        return name == null ? null : binder.bind(name, Bindable.of(String.class)).orElse(null);
    }

    /** dlt's snake_case segments as Spring's canonical kebab-case; a segment Spring cannot name is not looked up. */
    private static @Nullable ConfigurationPropertyName relaxedName(List<String> path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path) {
            String kebab = segment.toLowerCase(Locale.ROOT).replace('_', '-');
            if (kebab.isEmpty() || !kebab.matches("[a-z0-9][a-z0-9-]*")) {
                return null;
            }
            segments.add(kebab);
        }
        return ConfigurationPropertyName.ofIfValid(String.join(".", segments));
    }
}
