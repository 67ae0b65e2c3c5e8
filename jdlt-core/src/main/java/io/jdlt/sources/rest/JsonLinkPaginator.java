package io.jdlt.sources.rest;

import java.util.List;
import java.util.Map;

/**
 * dlt's {@code json_link}: the body holds the next page's URL at {@code next_url_path} (default {@code next});
 * pagination stops when it is missing or empty. Relative URLs resolve against the request's URL, and the link's
 * own query replaces the request's parameters.
 */
public final class JsonLinkPaginator extends LinkPaginator {

    private final String nextUrlPath;

    public JsonLinkPaginator(String nextUrlPath) {
        this.nextUrlPath = nextUrlPath;
        JsonPaths.compile(nextUrlPath);
    }

    public JsonLinkPaginator() {
        this("next");
    }

    @Override
    public void update(RestResponse response, List<Object> page) {
        Object link = JsonPaths.find(response.body(), nextUrlPath);
        if (link instanceof Map<?, ?> object) {
            // HAL and JSON:API style: {"next": {"href": "..."}}
            link = object.get("href") != null ? object.get("href") : object.get("url");
        }
        nextUrl(link == null || link.toString().isBlank() ? null : response.url().resolve(link.toString()));
    }

    @Override
    public String toString() {
        return "json_link(next_url_path=" + nextUrlPath + ")";
    }
}
