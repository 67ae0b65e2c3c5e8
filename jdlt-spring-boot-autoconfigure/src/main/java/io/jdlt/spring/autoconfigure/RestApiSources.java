package io.jdlt.spring.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.jdlt.config.Configuration;
import io.jdlt.extract.Source;
import io.jdlt.sources.rest.RestApiSource;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * REST API sources declared in configuration under {@code jdlt.rest-api-sources.<name>}, in dlt's
 * {@code rest_api_source} dict layout. Each run reads its declaration afresh from the Environment, so placeholders
 * that resolve late ({@code ${local.server.port}}) and refreshed configuration are honoured.
 */
final class RestApiSources {

    static final String PREFIX = "jdlt.rest-api-sources";

    // maps whose keys are the API's own (query parameters, headers, bodies): kept as written
    private static final Set<String> VERBATIM = Set.of("params", "headers", "json", "data");

    private final Environment environment;
    private final Configuration configuration;

    RestApiSources(Environment environment, Configuration configuration) {
        this.environment = environment;
        this.configuration = configuration;
    }

    /** The names of the declared sources. */
    List<String> names() {
        return new ArrayList<>(declarations().keySet());
    }

    /** The source as declared now. */
    Source source(String name) {
        Object declaration = declarations().get(name);
        if (!(declaration instanceof Map<?, ?> dict)) {
            throw new IllegalStateException(PREFIX + "." + name + " is not declared");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> dltDict = (Map<String, Object>) toDltDict(dict, false);
        return RestApiSource.fromConfig(name, dltDict, configuration);
    }

    private Map<String, Object> declarations() {
        return Binder.get(environment).bind(PREFIX, Bindable.mapOf(String.class, Object.class)).orElse(Map.of());
    }

    /**
     * Spring binds YAML lists into maps keyed {@code 0, 1, …} and keeps keys as written; dlt's dict has lists, and
     * snake_case keys ({@code write-disposition} in YAML is dlt's {@code write_disposition}).
     */
    static Object toDltDict(Object value, boolean verbatimKeys) {
        if (value instanceof Map<?, ?> map) {
            if (!map.isEmpty() && map.keySet().stream().allMatch(key -> key.toString().matches("\\d+"))) {
                TreeMap<Integer, Object> ordered = new TreeMap<>();
                map.forEach((key, item) -> ordered.put(Integer.parseInt(key.toString()), item));
                List<Object> list = new ArrayList<>();
                ordered.values().forEach(item -> list.add(toDltDict(item, false)));
                return list;
            }
            Map<String, Object> dict = new LinkedHashMap<>();
            map.forEach((key, item) -> {
                String name = verbatimKeys ? key.toString() : key.toString().replace('-', '_');
                dict.put(name, toDltDict(item, VERBATIM.contains(name.toLowerCase(Locale.ROOT))));
            });
            return dict;
        }
        return value;
    }
}
