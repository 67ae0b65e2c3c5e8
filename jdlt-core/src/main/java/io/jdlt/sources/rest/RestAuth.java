package io.jdlt.sources.rest;

/**
 * dlt's auth classes: adds credentials to each request just before it is sent (to a copy, so that URLs in errors and
 * logs never carry them). {@code toString()} of an implementation never shows a secret.
 */
public interface RestAuth {

    void apply(RestRequest request, RestClient client);

    /** The query parameter that carries the secret, masked where URLs are shown; null when none. */
    default @org.jspecify.annotations.Nullable String secretQueryParameter() {
        return null;
    }

    /** After a 401: drop cached credentials (a token) so the request can be sent once more; false when pointless. */
    default boolean refreshAfterUnauthorized() {
        return false;
    }

    /** dlt's {@code bearer}: {@code Authorization: Bearer <token>}. */
    static RestAuth bearer(String token) {
        return new BearerTokenAuth(token);
    }

    /** dlt's {@code api_key} in a header (default {@code Authorization}). */
    static RestAuth apiKeyHeader(String name, String apiKey) {
        return new ApiKeyAuth(name, apiKey, ApiKeyAuth.Location.HEADER);
    }

    /** dlt's {@code api_key} with {@code location: query}. */
    static RestAuth apiKeyQuery(String name, String apiKey) {
        return new ApiKeyAuth(name, apiKey, ApiKeyAuth.Location.QUERY);
    }

    /** dlt's {@code http_basic}. */
    static RestAuth httpBasic(String username, String password) {
        return new HttpBasicAuth(username, password);
    }

    /** dlt's {@code oauth2_client_credentials}: a token from the token URL, fetched again when it expires. */
    static RestAuth oauth2ClientCredentials(String tokenUrl, String clientId, String clientSecret,
            @org.jspecify.annotations.Nullable String scope) {
        return new OAuth2ClientCredentials(java.net.URI.create(tokenUrl), clientId, clientSecret, scope);
    }
}
