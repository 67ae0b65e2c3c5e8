package io.jdlt.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Values given in code, by dotted key ({@code sources.github.token}) or as nested maps, e.g. for a test or for
 * values an application computes.
 */
public final class MapProvider implements ConfigProvider {

    private final String name;
    private final Map<String, Object> values;

    public MapProvider(String name, Map<String, ?> values) {
        this.name = name;
        this.values = new LinkedHashMap<>(values);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean holdsSecrets() {
        return true;
    }

    @Override
    public @Nullable Object get(List<String> path, boolean secret) {
        Object dotted = values.get(String.join(".", path));
        return dotted != null ? scalar(dotted) : scalar(Sections.walk(values, path));
    }

    private static @Nullable Object scalar(@Nullable Object value) {
        return value instanceof Map<?, ?> ? null : value;
    }
}
