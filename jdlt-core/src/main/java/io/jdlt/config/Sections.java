package io.jdlt.config;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** Walks nested maps (TOML tables, YAML-like values given in code) along a path. */
final class Sections {

    private Sections() {
    }

    static @Nullable Object walk(Map<String, ?> root, List<String> path) {
        Object current = root;
        for (String segment : path) {
            if (!(current instanceof Map<?, ?> table)) {
                return null;
            }
            current = table.get(segment);
        }
        return current;
    }
}
