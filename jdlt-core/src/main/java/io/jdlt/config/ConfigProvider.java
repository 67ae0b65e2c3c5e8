package io.jdlt.config;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One place configuration values come from, asked by path: the sections and the key, e.g.
 * {@code [sources, github, token]}. Implementations: {@link EnvironmentVariables}, {@link TomlFile},
 * {@link MapProvider}, and the Spring Environment in the starter.
 */
public interface ConfigProvider {

    /** How the provider is named in errors: {@code environment variables}, {@code .dlt/secrets.toml (/app/.dlt)}. */
    String name();

    /**
     * Whether secrets may come from here. dlt refuses a secret found in a provider that does not hold secrets
     * ({@code config.toml}), so that a token committed to git by mistake is noticed instead of used.
     */
    boolean holdsSecrets();

    /** The value at the path, or null; a TOML table or other section is not a value. */
    @Nullable Object get(List<String> path, boolean secret);

    /** The path as the user writes it for this provider ({@code SOURCES__GITHUB__TOKEN}, {@code sources.github.token}). */
    default String keyName(List<String> path) {
        return String.join(".", path);
    }
}
