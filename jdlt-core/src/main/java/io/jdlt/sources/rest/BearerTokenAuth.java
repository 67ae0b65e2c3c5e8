package io.jdlt.sources.rest;

import java.util.Objects;

/** {@code Authorization: Bearer <token>}. */
final class BearerTokenAuth implements RestAuth {

    private final String token;

    BearerTokenAuth(String token) {
        this.token = Objects.requireNonNull(token, "bearer token");
    }

    @Override
    public void apply(RestRequest request, RestClient client) {
        request.headers().put("Authorization", "Bearer " + token);
    }

    @Override
    public String toString() {
        return "bearer(token=***)";
    }
}
