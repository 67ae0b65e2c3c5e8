package io.jdlt.sources.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.jdlt.extract.Source;
import io.jdlt.schema.WriteDisposition;

/**
 * The Java way to declare a {@link RestApiSource}: it writes the same structure as dlt's dict (see {@link #config()}),
 * so a source declared here and one bound from application.yml behave alike.
 * <pre>{@code
 * Source github = RestApiSource.builder("github")
 *         .baseUrl("https://api.github.com/repos/dlt-hub/dlt/")
 *         .auth(RestAuth.bearer(token))
 *         .resource("issues", issues -> issues.path("issues").param("state", "open").primaryKey("id")
 *                 .incremental("updated_at", "2024-01-01T00:00:00Z", "since"))
 *         .resource("comments", comments -> comments.path("issues/{issue_number}/comments")
 *                 .resolve("issue_number", "issues", "number").includeFromParent("id"))
 *         .build();
 * }</pre>
 */
public final class RestApiSourceBuilder {

    private final String name;
    private final Map<String, Object> client = new LinkedHashMap<>();
    private final Map<String, Object> headers = new LinkedHashMap<>();
    private final Map<String, Object> defaults = new LinkedHashMap<>();
    private final List<Object> resources = new ArrayList<>();

    RestApiSourceBuilder(String name) {
        this.name = name;
    }

    public RestApiSourceBuilder baseUrl(String baseUrl) {
        client.put("base_url", baseUrl);
        return this;
    }

    public RestApiSourceBuilder header(String header, String value) {
        headers.put(header, value);
        return this;
    }

    public RestApiSourceBuilder auth(RestAuth auth) {
        client.put("auth", auth);
        return this;
    }

    /** The paginator of endpoints that name none: a new one per call. */
    public RestApiSourceBuilder paginator(Supplier<Paginator> paginators) {
        client.put("paginator", paginators);
        return this;
    }

    /** dlt's resource_defaults, merged under every resource. */
    public RestApiSourceBuilder resourceDefaults(Map<String, Object> resourceDefaults) {
        defaults.putAll(resourceDefaults);
        return this;
    }

    public RestApiSourceBuilder resource(String resourceName, Consumer<ResourceSpec> declaration) {
        ResourceSpec spec = new ResourceSpec(resourceName);
        declaration.accept(spec);
        resources.add(spec.config());
        return this;
    }

    /** The declaration as dlt's dict. */
    public Map<String, Object> config() {
        Map<String, Object> clientConfig = new LinkedHashMap<>(client);
        if (!headers.isEmpty()) {
            clientConfig.put("headers", headers);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("client", clientConfig);
        if (!defaults.isEmpty()) {
            config.put("resource_defaults", defaults);
        }
        config.put("resources", resources);
        return config;
    }

    public Source build() {
        return RestApiSource.fromConfig(name, config());
    }

    /** One resource and its endpoint. */
    public static final class ResourceSpec {
        private final Map<String, Object> resource = new LinkedHashMap<>();
        private final Map<String, Object> endpoint = new LinkedHashMap<>();
        private final Map<String, Object> params = new LinkedHashMap<>();
        private final List<Object> steps = new ArrayList<>();
        private final List<Object> actions = new ArrayList<>();

        private ResourceSpec(String name) {
            resource.put("name", name);
            endpoint.put("path", name);
        }

        /** Relative to the base URL; {@code {param}} placeholders are filled from resolved parameters. */
        public ResourceSpec path(String path) {
            endpoint.put("path", path);
            return this;
        }

        public ResourceSpec method(String method) {
            endpoint.put("method", method);
            return this;
        }

        public ResourceSpec json(Map<String, Object> body) {
            endpoint.put("json", body);
            return this;
        }

        public ResourceSpec param(String param, Object value) {
            params.put(param, value);
            return this;
        }

        /** dlt's {@code {type: resolve}}: the parameter (or path placeholder) is {@code field} of each parent item. */
        public ResourceSpec resolve(String param, String parentResource, String field) {
            params.put(param, Map.of("type", "resolve", "resource", parentResource, "field", field));
            return this;
        }

        public ResourceSpec includeFromParent(String... fields) {
            resource.put("include_from_parent", List.of(fields));
            return this;
        }

        /** JSONPath to the items in each response. */
        public ResourceSpec dataSelector(String jsonPath) {
            endpoint.put("data_selector", jsonPath);
            return this;
        }

        public ResourceSpec paginator(Supplier<Paginator> paginators) {
            endpoint.put("paginator", paginators);
            return this;
        }

        public ResourceSpec primaryKey(String... columns) {
            resource.put("primary_key", List.of(columns));
            return this;
        }

        public ResourceSpec writeDisposition(WriteDisposition disposition) {
            resource.put("write_disposition", disposition);
            return this;
        }

        public ResourceSpec tableName(String table) {
            resource.put("table_name", table);
            return this;
        }

        /** An incremental cursor on {@code cursorPath}, its last value sent as {@code startParam} (may be null). */
        public ResourceSpec incremental(String cursorPath, Object initialValue, String startParam) {
            Map<String, Object> incremental = new LinkedHashMap<>();
            incremental.put("cursor_path", cursorPath);
            incremental.put("initial_value", initialValue);
            if (startParam != null) {
                incremental.put("start_param", startParam);
            }
            endpoint.put("incremental", incremental);
            return this;
        }

        /** Ends the call silently on this status (dlt's response action {@code ignore}). */
        public ResourceSpec ignoreStatus(int status) {
            actions.add(Map.of("status_code", status, "action", "ignore"));
            return this;
        }

        public ResourceSpec filter(Predicate<Object> keep) {
            steps.add(Map.of("filter", keep));
            return this;
        }

        public ResourceSpec map(Function<Object, Object> mapper) {
            steps.add(Map.of("map", mapper));
            return this;
        }

        public ResourceSpec parallelized() {
            resource.put("parallelized", true);
            return this;
        }

        /** Declared but only feeding its children (dlt's {@code selected: false}). */
        public ResourceSpec notSelected() {
            resource.put("selected", false);
            return this;
        }

        Map<String, Object> config() {
            Map<String, Object> endpointConfig = new LinkedHashMap<>(endpoint);
            if (!params.isEmpty()) {
                endpointConfig.put("params", params);
            }
            if (!actions.isEmpty()) {
                endpointConfig.put("response_actions", actions);
            }
            Map<String, Object> config = new LinkedHashMap<>(resource);
            config.put("endpoint", endpointConfig);
            if (!steps.isEmpty()) {
                config.put("processing_steps", steps);
            }
            return config;
        }
    }
}
