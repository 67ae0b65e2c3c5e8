package io.jdlt.sources.rest;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * OAuth 2 client credentials (RFC 6749 §4.4): posts {@code grant_type=client_credentials} with the client's id and
 * secret to the token URL, sends {@code Authorization: Bearer <access_token>}, and fetches a new token a minute
 * before {@code expires_in} runs out (default one hour, as dlt) or after a 401.
 */
final class OAuth2ClientCredentials implements RestAuth {

    private static final long DEFAULT_EXPIRY_SECONDS = 3600;

    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final @Nullable String scope;
    private @Nullable String token;
    private Instant expiresAt = Instant.MIN;

    OAuth2ClientCredentials(URI tokenUrl, String clientId, String clientSecret, @Nullable String scope) {
        this.tokenUrl = Objects.requireNonNull(tokenUrl, "token url");
        this.clientId = Objects.requireNonNull(clientId, "client id");
        this.clientSecret = Objects.requireNonNull(clientSecret, "client secret");
        this.scope = scope;
    }

    @Override
    public synchronized void apply(RestRequest request, RestClient client) {
        if (token == null || Instant.now().isAfter(expiresAt)) {
            fetchToken(client);
        }
        request.headers().put("Authorization", "Bearer " + token);
    }

    private void fetchToken(RestClient client) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", clientSecret);
        if (scope != null) {
            form.put("scope", scope);
        }
        String body = form.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        Object response = client.postForm(tokenUrl, body);
        if (!(response instanceof Map<?, ?> map) || !(map.get("access_token") instanceof String accessToken)) {
            throw new RestApiException(tokenUrl, 0, "The token endpoint " + tokenUrl + " answered without an "
                    + "access_token for client " + clientId);
        }
        long expiresIn = map.get("expires_in") instanceof Number seconds ? seconds.longValue() : DEFAULT_EXPIRY_SECONDS;
        token = accessToken;
        // a minute early, or at half the lifetime of short-lived tokens
        expiresAt = Instant.now().plusSeconds(Math.max(expiresIn - 60, expiresIn / 2));
    }

    @Override
    public synchronized boolean refreshAfterUnauthorized() {
        token = null;
        return true;
    }

    @Override
    public String toString() {
        return "oauth2_client_credentials(token_url=" + tokenUrl + ", client_id=" + clientId + ", client_secret=***)";
    }
}
