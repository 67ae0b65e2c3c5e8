package io.jdlt.sources.rest;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** One request of a paginated call, which paginators and auth change before it is sent. */
public final class RestRequest {

    private URI url;
    private final String method;
    private final Map<String, Object> params;
    private final Map<String, String> headers;
    private final @Nullable Map<String, Object> json;

    RestRequest(String method, URI url, Map<String, ?> params, Map<String, String> headers,
            @Nullable Map<String, Object> json) {
        this.method = method;
        this.url = url;
        this.params = new LinkedHashMap<>(params);
        this.headers = new LinkedHashMap<>(headers);
        this.json = json == null ? null : new LinkedHashMap<>(json);
    }

    /** A copy to send: auth adds its headers or parameters to the copy, so that secrets never reach errors. */
    RestRequest copy() {
        return new RestRequest(method, url, params, headers, json);
    }

    public String method() {
        return method;
    }

    public URI url() {
        return url;
    }

    /** Follows a link: the link's own query replaces the request's parameters, as dlt's json_link does. */
    public void url(URI next) {
        this.url = next;
        params.clear();
    }

    /** Query parameters, added to the URL's own query. */
    public Map<String, Object> params() {
        return params;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The JSON body, for POST requests; null for none. */
    public @Nullable Map<String, Object> json() {
        return json;
    }
}
