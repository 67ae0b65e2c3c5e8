package io.jdlt.sources.rest;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A response as paginators see it: the URL it answered, its headers and its parsed JSON body ({@code Map}s,
 * {@code List}s and scalars; null for an empty body).
 */
public record RestResponse(URI url, int status, Map<String, List<String>> headers, @Nullable Object body) {

    /** The first value of a header, matched without regard to case. */
    public Optional<String> header(String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return Optional.of(header.getValue().get(0));
            }
        }
        return Optional.empty();
    }
}
