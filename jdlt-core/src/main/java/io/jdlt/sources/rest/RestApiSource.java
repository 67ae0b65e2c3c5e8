package io.jdlt.sources.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jdlt.config.Configuration;
import io.jdlt.extract.Incremental;
import io.jdlt.extract.Resource;
import io.jdlt.extract.ResourceContext;
import io.jdlt.extract.Source;
import io.jdlt.schema.WriteDisposition;
import org.jspecify.annotations.Nullable;

/**
 * dlt's {@code rest_api_source}: a source declared as data, the same structure as dlt's dict ({@code client},
 * {@code resource_defaults}, {@code resources}), from a {@code Map} (what Spring binds from application.yml) or from
 * {@link RestApiSourceBuilder}. Each resource pages through its endpoint with a {@link RestClient}; a resource with a
 * {@code resolve} parameter becomes a transformer of its parent that calls its endpoint once per parent item.
 */
public final class RestApiSource {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");

    private RestApiSource() {
    }

    public static RestApiSourceBuilder builder(String name) {
        return new RestApiSourceBuilder(name);
    }

    /** Builds the source from dlt's configuration dict; {@code [runtime]} request settings from the standard chain. */
    public static Source fromConfig(String name, Map<String, ?> config) {
        return fromConfig(name, config, Configuration.standard());
    }

    /**
     * Builds the source from dlt's configuration dict, its client's {@code [runtime]} request settings (timeout,
     * retries) from the given configuration, e.g. the Spring Boot application's.
     */
    public static Source fromConfig(String name, Map<String, ?> config, Configuration configuration) {
        String where = "rest_api source '" + name + "'";
        Map<String, Object> client = map(config.get("client"), where + ": client");
        RestClient restClient = client(client, where, configuration);
        Map<String, Object> defaults = config.get("resource_defaults") == null ? Map.of()
                : map(config.get("resource_defaults"), where + ": resource_defaults");
        if (!(config.get("resources") instanceof List<?> declared) || declared.isEmpty()) {
            throw new IllegalArgumentException(where + ": resources must list at least one resource");
        }
        Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
        for (Object entry : declared) {
            Map<String, Object> resource = entry instanceof String path
                    ? Map.of("name", path, "endpoint", Map.of("path", path))
                    : map(entry, where + ": resources[" + resources.size() + "]");
            Map<String, Object> merged = deepMerge(defaults, resource);
            String resourceName = string(merged.get("name"), where + ": a resource without a name");
            resources.put(resourceName, merged);
        }
        Map<String, Resource> built = new LinkedHashMap<>();
        List<Resource> selected = new ArrayList<>();
        for (String resourceName : resources.keySet()) {
            build(resourceName, resources, built, restClient, where, new ArrayList<>());
            if (!Boolean.FALSE.equals(resources.get(resourceName).get("selected"))) {
                selected.add(built.get(resourceName));
            }
        }
        return Source.of(name, selected);
    }

    private static Resource build(String name, Map<String, Map<String, Object>> resources, Map<String, Resource> built,
            RestClient client, String where, List<String> path) {
        if (built.containsKey(name)) {
            return built.get(name);
        }
        if (path.contains(name)) {
            throw new IllegalArgumentException(where + ": resources depend on each other in a cycle: "
                    + String.join(" -> ", path) + " -> " + name);
        }
        Map<String, Object> config = java.util.Objects.requireNonNull(resources.get(name));
        String here = where + ", resource '" + name + "'";
        Endpoint endpoint = Endpoint.of(config.get("endpoint"), here);
        Resource resource;
        if (endpoint.parent() != null) {
            if (!resources.containsKey(endpoint.parent())) {
                throw new IllegalArgumentException(here + ": resolves from resource '" + endpoint.parent()
                        + "', which is not declared");
            }
            List<String> chain = new ArrayList<>(path);
            chain.add(name);
            Resource parent = build(endpoint.parent(), resources, built, client, where, chain);
            List<String> include = strings(config.get("include_from_parent"));
            resource = parent.pipe(hints(Resource.transformer(name, (page, context, out) -> {
                for (Object item : page instanceof List<?> list ? list : List.of(page)) {
                    Map<String, Object> values = endpoint.resolvedValues(item, here);
                    endpoint.call(client, values, context, fetched -> out.emit(processed(
                            withParentFields(fetched, item, include, endpoint.parent(), here), config, here)));
                }
            }), config, endpoint, here));
        }
        else {
            resource = hints(Resource.builder(name).emitter((context, out) -> endpoint.call(client, Map.of(), context,
                    fetched -> out.emit(processed(fetched, config, here)))).build(), config, endpoint, here);
        }
        built.put(name, resource);
        return resource;
    }

    private static Resource hints(Resource resource, Map<String, Object> config, Endpoint endpoint, String where) {
        Resource hinted = resource;
        List<String> primaryKey = strings(config.get("primary_key"));
        if (!primaryKey.isEmpty()) {
            hinted = hinted.primaryKey(primaryKey.toArray(String[]::new));
        }
        List<String> mergeKey = strings(config.get("merge_key"));
        if (!mergeKey.isEmpty()) {
            hinted = hinted.mergeKey(mergeKey.toArray(String[]::new));
        }
        Object disposition = config.get("write_disposition");
        if (disposition instanceof WriteDisposition given) {
            hinted = hinted.writeDisposition(given);
        }
        else if (disposition instanceof Map<?, ?> spec) {
            WriteDisposition kind = WriteDisposition.fromDltName(string(spec.get("disposition"), where
                    + ": write_disposition.disposition"));
            hinted = hinted.writeDisposition(spec.get("strategy") != null && kind.isMerge()
                    ? WriteDisposition.merge(io.jdlt.schema.MergeStrategy.fromDltName(spec.get("strategy").toString()))
                    : kind);
        }
        else if (disposition != null) {
            hinted = hinted.writeDisposition(WriteDisposition.fromDltName(disposition.toString()));
        }
        if (config.get("table_name") != null) {
            hinted = hinted.tableName(config.get("table_name").toString());
        }
        if (config.get("max_table_nesting") != null) {
            hinted = hinted.maxTableNesting(Integer.parseInt(config.get("max_table_nesting").toString()));
        }
        if (endpoint.incremental() != null) {
            hinted = hinted.incremental(endpoint.incremental());
        }
        if (Boolean.TRUE.equals(config.get("parallelized")) || "true".equals(String.valueOf(config.get("parallelized")))) {
            hinted = hinted.parallelized();
        }
        return hinted;
    }

    /** dlt's processing_steps, in order: {@code filter} keeps items it accepts, {@code map} replaces each item. */
    @SuppressWarnings("unchecked")
    private static List<Object> processed(List<Object> page, Map<String, Object> config, String where) {
        if (!(config.get("processing_steps") instanceof List<?> steps)) {
            return page;
        }
        List<Object> items = page;
        for (Object step : steps) {
            Map<String, Object> rule = map(step, where + ": processing_steps");
            List<Object> next = new ArrayList<>(items.size());
            if (rule.get("filter") instanceof Predicate<?> filter) {
                for (Object item : items) {
                    if (((Predicate<Object>) filter).test(item)) {
                        next.add(item);
                    }
                }
            }
            else if (rule.get("map") instanceof Function<?, ?> mapper) {
                for (Object item : items) {
                    next.add(((Function<Object, Object>) mapper).apply(item));
                }
            }
            else {
                throw new IllegalArgumentException(where + ": a processing step is {filter: Predicate} or "
                        + "{map: Function}, got " + rule.keySet());
            }
            items = next;
        }
        return items;
    }

    /** dlt's include_from_parent: {@code _<parent>_<field>} on each child item. */
    private static List<Object> withParentFields(List<Object> page, Object parentItem, List<String> fields,
            @Nullable String parent, String where) {
        if (fields.isEmpty() || parent == null) {
            // include_from_parent only means something for a resource fed by a parent
            return page;
        }
        List<Object> items = new ArrayList<>(page.size());
        for (Object item : page) {
            Map<String, Object> child = new LinkedHashMap<>(map(item, where + ": an item (include_from_parent needs "
                    + "objects)"));
            for (String field : fields) {
                child.put("_" + parent + "_" + field, Endpoint.field(parentItem, field, parent, where));
            }
            items.add(child);
        }
        return items;
    }

    private static RestClient client(Map<String, Object> client, String where, Configuration configuration) {
        RestClient.Builder builder = RestClient.builder(string(client.get("base_url"), where
                + ": client.base_url is required")).config(configuration);
        if (client.get("headers") != null) {
            map(client.get("headers"), where + ": client.headers").forEach((key, value) -> builder.header(key,
                    String.valueOf(value)));
        }
        if (client.get("auth") != null) {
            builder.auth(auth(client.get("auth"), where + ": client.auth"));
        }
        if (client.get("paginator") != null) {
            builder.paginator(paginator(client.get("paginator"), where + ": client.paginator"));
        }
        return builder.build();
    }

    /** dlt's auth dicts ({@code type} defaults to bearer), or a ready {@link RestAuth}. */
    static RestAuth auth(Object spec, String where) {
        if (spec instanceof RestAuth ready) {
            return ready;
        }
        Map<String, Object> auth = map(spec, where);
        String type = auth.get("type") == null ? "bearer" : auth.get("type").toString();
        return switch (type) {
            case "bearer" -> RestAuth.bearer(string(auth.get("token"), where + ": token is required"));
            case "api_key" -> {
                String name = auth.get("name") == null ? "Authorization" : auth.get("name").toString();
                String key = string(auth.get("api_key"), where + ": api_key is required");
                String location = auth.get("location") == null ? "header" : auth.get("location").toString();
                yield switch (location) {
                    case "header" -> RestAuth.apiKeyHeader(name, key);
                    case "query", "param" -> RestAuth.apiKeyQuery(name, key);
                    default -> throw new IllegalArgumentException(where + ": api_key location '" + location
                            + "' is not header, query or param");
                };
            }
            case "http_basic" -> RestAuth.httpBasic(string(auth.get("username"), where + ": username is required"),
                    string(auth.get("password"), where + ": password is required"));
            case "oauth2_client_credentials" -> RestAuth.oauth2ClientCredentials(
                    string(auth.get("access_token_url"), where + ": access_token_url is required"),
                    string(auth.get("client_id"), where + ": client_id is required"),
                    string(auth.get("client_secret"), where + ": client_secret is required"),
                    auth.get("scope") == null ? null : auth.get("scope").toString());
            default -> throw new IllegalArgumentException(where + ": auth type '" + type + "' is not one of bearer, "
                    + "api_key, http_basic, oauth2_client_credentials");
        };
    }

    /** dlt's paginator specs: a type name, a dict with {@code type} and its parameters, or a ready paginator supplier. */
    @SuppressWarnings("unchecked")
    static @Nullable Supplier<Paginator> paginator(Object spec, String where) {
        if (spec instanceof Supplier<?> supplier) {
            return (Supplier<Paginator>) supplier;
        }
        Map<String, Object> config = spec instanceof String type ? Map.of("type", type) : map(spec, where);
        String type = string(config.get("type"), where + ": type is required");
        // parse once, so that a wrong parameter fails when the source is declared, not when it runs
        Supplier<Paginator> paginators = switch (type) {
            case "auto" -> null;
            case "single_page" -> SinglePagePaginator::new;
            case "json_link", "json_response" -> {
                String path = text(config, "next_url_path", "next");
                yield () -> new JsonLinkPaginator(path);
            }
            case "header_link" -> {
                String key = text(config, "links_next_key", "next");
                yield () -> new HeaderLinkPaginator(key);
            }
            case "header_cursor" -> {
                String key = text(config, "cursor_key", "next");
                String param = text(config, "cursor_param", "cursor");
                yield () -> new HeaderCursorPaginator(key, param);
            }
            case "offset" -> {
                long limit = number(config.get("limit"), where + ": the offset paginator needs a limit");
                long offset = config.get("offset") == null ? 0 : number(config.get("offset"), where + ": offset");
                String offsetParam = text(config, "offset_param", "offset");
                String limitParam = text(config, "limit_param", "limit");
                RangeStops stops = RangeStops.of(config, "maximum_offset", where);
                new OffsetPaginator(limit, offset, offsetParam, limitParam, stops.totalPath(), stops.maximum(),
                        stops.stopAfterEmptyPage(), stops.hasMorePath());
                yield () -> new OffsetPaginator(limit, offset, offsetParam, limitParam, stops.totalPath(),
                        stops.maximum(), stops.stopAfterEmptyPage(), stops.hasMorePath());
            }
            case "page_number" -> {
                long basePage = config.get("base_page") == null ? 0 : number(config.get("base_page"), where + ": base_page");
                Long page = config.get("page") == null ? null : number(config.get("page"), where + ": page");
                String pageParam = text(config, "page_param", "page");
                RangeStops stops = RangeStops.of(config, "maximum_page", where);
                new PageNumberPaginator(basePage, page, pageParam, stops.totalPath(), stops.maximum(),
                        stops.stopAfterEmptyPage(), stops.hasMorePath());
                yield () -> new PageNumberPaginator(basePage, page, pageParam, stops.totalPath(), stops.maximum(),
                        stops.stopAfterEmptyPage(), stops.hasMorePath());
            }
            case "cursor" -> {
                String path = text(config, "cursor_path", "cursors.next");
                String param = text(config, "cursor_param", "cursor");
                boolean stopAfterEmpty = Boolean.TRUE.equals(config.get("stop_after_empty_page"));
                String hasMore = (String) config.get("has_more_path");
                yield () -> new CursorPaginator(path, param, stopAfterEmpty, hasMore);
            }
            default -> throw new IllegalArgumentException(where + ": paginator type '" + type + "' is not one of auto, "
                    + "single_page, json_link, header_link, header_cursor, offset, page_number, cursor");
        };
        return paginators;
    }

    /** The stop conditions of the range paginators, with dlt's defaults. */
    private record RangeStops(@Nullable String totalPath, @Nullable Long maximum, boolean stopAfterEmptyPage,
            @Nullable String hasMorePath) {

        static RangeStops of(Map<String, Object> config, String maximumKey, String where) {
            return new RangeStops(config.containsKey("total_path") ? (String) config.get("total_path") : "total",
                    config.get(maximumKey) == null ? null : number(config.get(maximumKey), where + ": " + maximumKey),
                    !Boolean.FALSE.equals(config.get("stop_after_empty_page")), (String) config.get("has_more_path"));
        }
    }

    private static String text(Map<String, Object> config, String key, String otherwise) {
        return config.get(key) == null ? otherwise : config.get(key).toString();
    }

    private static long number(@Nullable Object value, String problem) {
        if (value == null) {
            throw new IllegalArgumentException(problem);
        }
        try {
            return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException(problem + ": '" + value + "' is not a whole number", ex);
        }
    }

    static String string(@Nullable Object value, String problem) {
        if (value == null || value.toString().isBlank()) {
            throw new IllegalArgumentException(problem);
        }
        return value.toString();
    }

    static List<String> strings(@Nullable Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(value.toString());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(@Nullable Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException(where + " must be an object" + (value == null ? "" : ", got " + value));
    }

    /** dlt merges resource_defaults under each resource, the resource winning, nested objects key by key. */
    private static Map<String, Object> deepMerge(Map<String, Object> defaults, Map<String, Object> resource) {
        Map<String, Object> merged = new LinkedHashMap<>(defaults);
        resource.forEach((key, value) -> {
            if (value instanceof Map<?, ?> nested && merged.get(key) instanceof Map<?, ?> base) {
                merged.put(key, deepMerge(map(base, key), map(nested, key)));
            }
            else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    /** A resource's endpoint: path, method, params (some resolved from a parent), body, paginator, selector. */
    private record Endpoint(String path, String method, Map<String, Object> params, @Nullable Map<String, Object> json,
            @Nullable Supplier<Paginator> paginator, @Nullable String dataSelector, @Nullable ResponseMatcher ignore,
            @Nullable Incremental<Object> incremental, @Nullable String startParam, @Nullable String endParam,
            @Nullable String parent, Map<String, String> resolvedFields) {

        @SuppressWarnings("unchecked")
        static Endpoint of(@Nullable Object spec, String where) {
            Map<String, Object> endpoint = spec instanceof String path ? Map.of("path", path) : map(spec, where
                    + ": endpoint");
            String path = string(endpoint.get("path"), where + ": endpoint.path is required");
            Map<String, Object> params = new LinkedHashMap<>();
            Map<String, String> resolved = new LinkedHashMap<>();
            String parent = null;
            if (endpoint.get("params") != null) {
                for (Map.Entry<String, Object> param : map(endpoint.get("params"), where + ": endpoint.params")
                        .entrySet()) {
                    if (param.getValue() instanceof Map<?, ?> rule && "resolve".equals(rule.get("type"))) {
                        String from = string(rule.get("resource"), where + ": resolve param '" + param.getKey()
                                + "' needs a resource");
                        if (parent != null && !parent.equals(from)) {
                            throw new IllegalArgumentException(where + ": resolves from both '" + parent + "' and '"
                                    + from + "'; a resource has one parent");
                        }
                        parent = from;
                        resolved.put(param.getKey(), string(rule.get("field"), where + ": resolve param '"
                                + param.getKey() + "' needs a field"));
                    }
                    else {
                        params.put(param.getKey(), param.getValue());
                    }
                }
            }
            // dlt's newer form: {resources.<parent>.<field>} in the path
            Matcher placeholders = PLACEHOLDER.matcher(path);
            while (placeholders.find()) {
                String[] parts = placeholders.group(1).split("\\.", 3);
                if (parts.length == 3 && parts[0].equals("resources")) {
                    if (parent != null && !parent.equals(parts[1])) {
                        throw new IllegalArgumentException(where + ": resolves from both '" + parent + "' and '"
                                + parts[1] + "'; a resource has one parent");
                    }
                    parent = parts[1];
                    resolved.put(placeholders.group(1), parts[2]);
                }
            }
            List<ResponseMatcher> ignores = new ArrayList<>();
            if (endpoint.get("response_actions") instanceof List<?> actions) {
                for (Object action : actions) {
                    ignores.add(action instanceof ResponseMatcher matcher ? matcher
                            : ResponseMatcher.ignoreRule(map(action, where + ": response_actions"), where));
                }
            }
            Incremental<Object> incremental = null;
            String startParam = null;
            String endParam = null;
            if (endpoint.get("incremental") != null) {
                Map<String, Object> cursor = map(endpoint.get("incremental"), where + ": endpoint.incremental");
                incremental = Incremental.on(string(cursor.get("cursor_path"), where
                        + ": endpoint.incremental.cursor_path is required"));
                if (cursor.get("initial_value") != null) {
                    incremental = incremental.initialValue(cursor.get("initial_value"));
                }
                if (cursor.get("end_value") != null) {
                    incremental = incremental.endValue(cursor.get("end_value"));
                }
                startParam = (String) cursor.get("start_param");
                endParam = (String) cursor.get("end_param");
            }
            return new Endpoint(path, endpoint.get("method") == null ? "GET" : endpoint.get("method").toString(),
                    params, endpoint.get("json") == null ? null : map(endpoint.get("json"), where + ": endpoint.json"),
                    endpoint.get("paginator") == null ? null : RestApiSource.paginator(endpoint.get("paginator"), where
                            + ": endpoint.paginator"),
                    (String) endpoint.get("data_selector"), ResponseMatcher.anyOf(ignores), incremental, startParam,
                    endParam, parent, resolved);
        }

        /** Percent-encodes a value for a path (a space is %20 there, not the form encoding's +). */
        static String pathSegment(String value) {
            return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        }

        /** The parent item's values for this endpoint's placeholders. */
        Map<String, Object> resolvedValues(Object parentItem, String where) {
            Map<String, Object> values = new LinkedHashMap<>();
            resolvedFields.forEach((placeholder, field) -> values.put(placeholder, field(parentItem, field,
                    Objects.requireNonNull(parent), where)));
            return values;
        }

        /** A field of a parent item, by JSONPath; missing fails listing the keys the item has. */
        static Object field(Object parentItem, String field, String parent, String where) {
            Object value = JsonPaths.find(parentItem, field);
            if (value == null) {
                throw new IllegalArgumentException(where + ": the items of '" + parent + "' have no field '" + field
                        + "'" + (parentItem instanceof Map<?, ?> map ? "; they have " + map.keySet() : ""));
            }
            return value;
        }

        void call(RestClient client, Map<String, Object> resolved, ResourceContext context,
                java.util.function.Consumer<List<Object>> pages) {
            Map<String, Object> query = new LinkedHashMap<>(params);
            String url = path;
            for (Map.Entry<String, Object> value : resolved.entrySet()) {
                String placeholder = "{" + value.getKey() + "}";
                if (url.contains(placeholder)) {
                    url = url.replace(placeholder, pathSegment(String.valueOf(value.getValue())));
                }
                else {
                    query.put(value.getKey(), value.getValue());
                }
            }
            if (incremental != null && context.hasIncremental()) {
                Incremental<?> cursor = context.incremental();
                Object start = cursor.lastValue();
                if (startParam != null && start != null) {
                    query.put(startParam, start);
                }
                if (endParam != null && cursor.endValue() != null) {
                    query.put(endParam, cursor.endValue());
                }
                // dlt's {incremental.*} placeholders, in the path and in parameter values
                Map<String, @Nullable Object> values = new LinkedHashMap<>();
                values.put("{incremental.start_value}", cursor.startValue());
                values.put("{incremental.last_value}", cursor.lastValue());
                values.put("{incremental.initial_value}", cursor.initialValue());
                values.put("{incremental.end_value}", cursor.endValue());
                for (Map.Entry<String, @Nullable Object> value : values.entrySet()) {
                    String replacement = value.getValue() == null ? "" : value.getValue().toString();
                    url = url.replace(value.getKey(), pathSegment(replacement));
                    query.replaceAll((param, given) -> given instanceof String text && text.contains(value.getKey())
                            ? text.replace(value.getKey(), replacement) : given);
                }
            }
            client.paginate(method, url, query, json, dataSelector, paginator == null ? null : paginator.get(), ignore,
                    pages);
        }
    }
}
