package io.jdlt.sources.rest;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.jdlt.json.Json;
import io.jdlt.config.ConfigSection;
import io.jdlt.config.Configuration;
import io.jdlt.config.ResolvedValue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dlt's {@code RESTClient}: requests against a base URL with default headers and auth, retried with exponential
 * backoff on the responses that may pass (5xx, 408, 429, a 4xx with {@code Retry-After}, a spent rate limit; see
 * {@link RestApiFailure#isTransientResponse}, honouring {@code Retry-After}) and on connection failures, and paged
 * through with a {@link Paginator}, detected from the first response when none is given. Another 4xx, or a TLS
 * handshake the certificate makes fail, fails at once with the method, URL (without credentials) and status.
 */
public final class RestClient {

    private static final Logger log = LoggerFactory.getLogger(RestClient.class);
    /** Where dlt's data selection looks for the list of items when no data selector is given. */
    private static final List<String> RECORD_KEYS = List.of("data", "items", "results", "entries", "records", "rows",
            "entities", "payload", "content", "objects", "values", "value");

    private final URI baseUrl;
    private final Map<String, String> headers;
    private final @Nullable RestAuth auth;
    private final @Nullable Supplier<Paginator> paginator;
    private final int maxAttempts;
    private final Duration backoff;
    private final Duration maxDelay;
    private final HttpClient http;
    private final Duration timeout;

    private RestClient(Builder builder) {
        String base = builder.baseUrl.endsWith("/") ? builder.baseUrl : builder.baseUrl + "/";
        this.baseUrl = URI.create(base);
        this.headers = Map.copyOf(builder.headers);
        this.auth = builder.auth;
        this.paginator = builder.paginator;
        // dlt's [runtime] request settings apply where code set none
        // runtime is a config section of dlt: never dropped, so a bare REQUEST_TIMEOUT variable configures nothing
        ConfigSection runtime = (builder.configuration != null ? builder.configuration : Configuration.standard())
                .section(null);
        this.maxAttempts = builder.maxAttempts != null ? builder.maxAttempts
                : runtime.find("runtime.request_max_attempts").map(ResolvedValue::asInt).orElse(5);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("runtime.request_max_attempts must be at least 1, was " + maxAttempts);
        }
        this.backoff = builder.backoff != null ? builder.backoff
                : seconds(runtime, "runtime.request_backoff_factor", 1);
        this.maxDelay = builder.maxDelay != null ? builder.maxDelay
                : seconds(runtime, "runtime.request_max_retry_delay", 300);
        this.timeout = builder.timeout != null ? builder.timeout : seconds(runtime, "runtime.request_timeout", 60);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    private static Duration seconds(ConfigSection runtime, String key, double defaultSeconds) {
        double seconds = runtime.find(key).map(ResolvedValue::asDouble).orElse(defaultSeconds);
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    /**
     * Pages through {@code path} (relative to the base URL, or absolute), handing each page of items to
     * {@code pages}: the list at {@code dataSelector} (JSONPath), or, without one, the body if it is a list, else
     * its first list under a usual key ({@code data}, {@code items}, {@code results}, …), else the body as one item.
     *
     * @param pagination the paginator for this call; null for the client's, or detection on the first response
     * @return the paginator used, so callers can say which one was detected
     */
    public Paginator paginate(String method, String path, Map<String, ?> params, @Nullable Map<String, Object> json,
            @Nullable String dataSelector, @Nullable Paginator pagination, Consumer<List<Object>> pages) {
        return paginate(method, path, params, json, dataSelector, pagination, null, pages);
    }

    /**
     * As {@link #paginate(String, String, Map, Map, String, Paginator, Consumer)}, where a response that
     * {@code ignore} matches (dlt's {@code response_actions} with {@code action: ignore}) ends the call silently,
     * whatever its status.
     */
    public Paginator paginate(String method, String path, Map<String, ?> params, @Nullable Map<String, Object> json,
            @Nullable String dataSelector, @Nullable Paginator pagination, @Nullable ResponseMatcher ignore,
            Consumer<List<Object>> pages) {
        RestRequest request = new RestRequest(method, resolve(path), params, headers, json);
        Paginator used = pagination != null ? pagination : paginator != null ? paginator.get() : null;
        if (used != null) {
            used.init(request);
        }
        while (true) {
            RestResponse response = send(request, ignore);
            if (response == null) {
                return used != null ? used : new SinglePagePaginator();
            }
            List<Object> page = select(response, dataSelector);
            if (used == null) {
                used = PaginatorDetector.detect(response, page);
                log.info("{} {}: detected paginator {}", method, response.url(), used);
            }
            used.update(response, page);
            pages.accept(page);
            if (!used.hasNextPage()) {
                return used;
            }
            String asked = withQuery(request.url(), request.params()).toString();
            used.next(request);
            if (withQuery(request.url(), request.params()).toString().equals(asked)) {
                // a server that hands back the page just read would otherwise be paged through forever
                throw new RestApiException(response.url(), 0, "The paginator " + used + " asked for the page just "
                        + "read again (" + response.url() + "); stopping instead of looping forever. Set a paginator "
                        + "that fits this API.");
            }
        }
    }

    URI resolve(String path) {
        if (path.startsWith("http://") || path.startsWith("https://")) {
            return URI.create(path);
        }
        return baseUrl.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    private static List<Object> select(RestResponse response, @Nullable String dataSelector) {
        Object body = response.body();
        Object data = dataSelector != null ? JsonPaths.find(body, dataSelector) : findRecords(body);
        if (data == null) {
            return List.of();
        }
        if (data instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        return List.of(data);
    }

    private static @Nullable Object findRecords(@Nullable Object body) {
        if (!(body instanceof Map<?, ?> map)) {
            return body;
        }
        for (String key : RECORD_KEYS) {
            if (map.get(key) instanceof List<?> list) {
                return list;
            }
        }
        for (Object value : map.values()) {
            if (value instanceof List<?> list) {
                return list;
            }
        }
        for (Object value : map.values()) {
            if (value instanceof Map<?, ?> nested) {
                for (String key : RECORD_KEYS) {
                    if (nested.get(key) instanceof List<?> list) {
                        return list;
                    }
                }
            }
        }
        return body;
    }

    /**
     * Sends one request with auth and retries; returns its parsed response or throws a {@link RestApiFailure}: a
     * {@link TransientRestApiException} when the API is down, busy or out of reach, else a {@link RestApiException}.
     */
    public RestResponse send(RestRequest request) {
        return Objects.requireNonNull(send(request, null));
    }

    /** As {@link #send(RestRequest)}, or null when {@code ignore} matches the response. */
    private @Nullable RestResponse send(RestRequest request, @Nullable ResponseMatcher ignore) {
        URI shown = shown(withQuery(request.url(), request.params()));
        boolean refreshed = false;
        for (int attempt = 1;; attempt++) {
            RestRequest outgoing = request.copy();
            if (auth != null) {
                auth.apply(outgoing, this);
            }
            HttpResponse<String> response;
            try {
                response = http.send(toHttp(outgoing), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            }
            catch (IOException ex) {
                if (RestApiException.isRefusedHandshake(ex)) {
                    throw refusedHandshake(request.method() + " " + shown, shown, ex);
                }
                if (attempt >= maxAttempts) {
                    throw new TransientRestApiException(shown, 0, request.method() + " " + shown + " failed after "
                            + attempt + " attempts: " + ex, ex);
                }
                sleep(delay(attempt, null), shown);
                continue;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new TransientRestApiException(shown, 0, request.method() + " " + shown + " was interrupted", ex);
            }
            int status = response.statusCode();
            if (status == 401 && auth != null && !refreshed && auth.refreshAfterUnauthorized()) {
                refreshed = true;
                continue;
            }
            if (ignore != null && ignore.matches(status, response.body() == null ? "" : response.body())) {
                log.info("{} {} answered {}: ignored by a response action", request.method(), shown, status);
                return null;
            }
            if (RestApiFailure.isTransientResponse(status, response.headers()) && attempt < maxAttempts) {
                Duration wait = delay(attempt, response.headers().firstValue("Retry-After").orElse(null));
                log.warn("{} {} answered {}; retrying in {} ms (attempt {} of {})", request.method(), shown, status,
                        wait.toMillis(), attempt + 1, maxAttempts);
                sleep(wait, shown);
                continue;
            }
            if (status >= 400) {
                String body = response.body() == null ? "" : response.body().strip();
                throw RestApiException.of(shown, status, response.headers(), request.method() + " " + shown + " failed with status "
                        + status + (attempt > 1 ? " after " + attempt + " attempts" : "")
                        + (body.isEmpty() ? "" : ": " + abbreviate(body)));
            }
            return new RestResponse(shown, status, response.headers().map(), parse(response.body(), shown));
        }
    }

    /**
     * The URL as errors and logs show it: without user info, and with the auth's query parameter masked, since a
     * server may echo the key into the next page's link.
     */
    private URI shown(URI url) {
        String query = url.getRawQuery();
        String secretParam = auth == null ? null : auth.secretQueryParameter();
        if (url.getRawUserInfo() == null && (query == null || secretParam == null)) {
            return url;
        }
        String maskedQuery = query;
        if (query != null && secretParam != null) {
            String encoded = URLEncoder.encode(secretParam, StandardCharsets.UTF_8);
            maskedQuery = java.util.Arrays.stream(query.split("&"))
                    .map(pair -> pair.startsWith(encoded + "=") ? encoded + "=***" : pair)
                    .collect(Collectors.joining("&"));
        }
        String text = url.getScheme() + "://" + url.getRawAuthority().replaceFirst("^[^@]*@", "")
                + (url.getRawPath() == null ? "" : url.getRawPath()) + (maskedQuery == null ? "" : "?" + maskedQuery);
        return URI.create(text);
    }

    /** Posts a form (the OAuth token request) and returns the parsed JSON answer. */
    Object postForm(URI url, String form) {
        HttpRequest post = HttpRequest.newBuilder(url).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() >= 400) {
                throw RestApiException.of(url, response.statusCode(), response.headers(), "POST " + url + " (token request) failed with "
                        + "status " + response.statusCode());
            }
            return Objects.requireNonNullElse(parse(response.body(), url), Map.of());
        }
        catch (IOException ex) {
            if (RestApiException.isRefusedHandshake(ex)) {
                throw refusedHandshake("POST " + url + " (token request)", url, ex);
            }
            throw new TransientRestApiException(url, 0, "POST " + url + " (token request) failed: " + ex, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new TransientRestApiException(url, 0, "POST " + url + " (token request) was interrupted", ex);
        }
    }

    private static RestApiException refusedHandshake(String call, URI url, IOException ex) {
        return new RestApiException(url, 0, call + " failed: the TLS handshake was refused (" + ex.getMessage()
                + "). Check the server's certificate and host name and the JVM's trust store; retrying does not help.",
                ex);
    }

    private static @Nullable Object parse(@Nullable String body, URI url) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(body, Object.class);
        }
        catch (RuntimeException ex) {
            throw new RestApiException(url, 0, "The response of " + url + " is not JSON: " + abbreviate(body.strip()));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    private HttpRequest toHttp(RestRequest request) {
        // the timeout covers the whole exchange (dlt's request_timeout): a server that stalls mid-response is retried
        HttpRequest.Builder builder = HttpRequest.newBuilder(withQuery(request.url(), request.params()))
                .timeout(timeout).header("Accept", "application/json");
        request.headers().forEach(builder::header);
        if (request.json() != null) {
            builder.header("Content-Type", "application/json").method(request.method(),
                    HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(request.json())));
        }
        else {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        return builder.build();
    }

    private static URI withQuery(URI url, Map<String, Object> params) {
        if (params.isEmpty()) {
            return url;
        }
        String added = params.entrySet().stream().filter(param -> param.getValue() != null)
                .map(param -> URLEncoder.encode(param.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(String.valueOf(param.getValue()), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String text = url.toString();
        return URI.create(text + (url.getRawQuery() == null ? "?" : "&") + added);
    }

    /** {@code Retry-After} in seconds or as an HTTP date when given, else exponential backoff; both capped. */
    private Duration delay(int attempt, @Nullable String retryAfter) {
        Duration wait = null;
        if (retryAfter != null) {
            try {
                wait = Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
            }
            catch (NumberFormatException notSeconds) {
                try {
                    wait = Duration.between(ZonedDateTime.now(),
                            ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                }
                catch (DateTimeParseException notADate) {
                    wait = null;
                }
            }
        }
        if (wait == null) {
            wait = backoff.multipliedBy(1L << Math.min(attempt - 1, 20));
        }
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        return wait.compareTo(maxDelay) > 0 ? maxDelay : wait;
    }

    private static void sleep(Duration wait, URI url) {
        try {
            Thread.sleep(wait.toMillis());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new TransientRestApiException(url, 0, "interrupted while waiting to retry " + url, ex);
        }
    }

    /** Builds a client; only the base URL is required. */
    public static final class Builder {
        private final String baseUrl;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private @Nullable RestAuth auth;
        private @Nullable Supplier<Paginator> paginator;
        private @Nullable Integer maxAttempts;
        private @Nullable Duration backoff;
        private @Nullable Duration maxDelay;
        private @Nullable Duration timeout;
        private @Nullable Configuration configuration;

        private Builder(String baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "base url");
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Builder auth(RestAuth restAuth) {
            this.auth = restAuth;
            return this;
        }

        /** The paginator of endpoints that name none; a new one per call. Without it (or null), detection decides. */
        public Builder paginator(@Nullable Supplier<Paginator> paginators) {
            this.paginator = paginators;
            return this;
        }

        /** dlt's {@code runtime.request_max_attempts} (default 5). */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("max attempts must be at least 1, got " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** dlt's {@code request_backoff_factor} (default 1 s, doubled per attempt) and {@code request_max_retry_delay}. */
        public Builder backoff(Duration base, Duration max) {
            this.backoff = base;
            this.maxDelay = max;
            return this;
        }

        /** dlt's {@code runtime.request_timeout} (default 60 s). */
        public Builder timeout(Duration connectTimeout) {
            this.timeout = connectTimeout;
            return this;
        }

        /**
         * Where dlt's {@code [runtime]} settings come from when this builder sets none: {@code request_timeout},
         * {@code request_max_attempts}, {@code request_backoff_factor}, {@code request_max_retry_delay} (seconds);
         * defaults to {@link Configuration#standard()}.
         */
        public Builder config(Configuration config) {
            this.configuration = Objects.requireNonNull(config, "configuration");
            return this;
        }

        public RestClient build() {
            return new RestClient(this);
        }
    }
}
