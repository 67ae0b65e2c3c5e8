package io.jdlt.sources.rest;

import java.util.Objects;

/** An API key in a header or a query parameter. */
final class ApiKeyAuth implements RestAuth {

    enum Location { HEADER, QUERY }

    private final String name;
    private final String apiKey;
    private final Location location;

    ApiKeyAuth(String name, String apiKey, Location location) {
        this.name = Objects.requireNonNull(name, "api key name");
        this.apiKey = Objects.requireNonNull(apiKey, "api key");
        this.location = location;
    }

    @Override
    public void apply(RestRequest request, RestClient client) {
        if (location == Location.HEADER) {
            request.headers().put(name, apiKey);
        }
        else {
            request.params().put(name, apiKey);
        }
    }

    @Override
    public @org.jspecify.annotations.Nullable String secretQueryParameter() {
        return location == Location.QUERY ? name : null;
    }

    @Override
    public String toString() {
        return "api_key(name=" + name + ", location=" + location.name().toLowerCase(java.util.Locale.ROOT)
                + ", api_key=***)";
    }
}
