package io.jdlt.sources.rest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** HTTP basic auth (RFC 7617), UTF-8 credentials. */
final class HttpBasicAuth implements RestAuth {

    private final String username;
    private final String header;

    HttpBasicAuth(String username, String password) {
        this.username = Objects.requireNonNull(username, "username");
        this.header = "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + Objects.requireNonNull(password, "password")).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void apply(RestRequest request, RestClient client) {
        request.headers().put("Authorization", header);
    }

    @Override
    public String toString() {
        return "http_basic(username=" + username + ", password=***)";
    }
}
