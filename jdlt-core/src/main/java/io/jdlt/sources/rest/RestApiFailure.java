package io.jdlt.sources.rest;

import java.net.URI;

/**
 * What a failed REST call tells, whichever its kind: {@link RestApiException} (the same request fails the same way)
 * or {@link TransientRestApiException} (the API is down, busy or out of reach: a later run may succeed).
 */
public interface RestApiFailure {

    URI url();

    /** The HTTP status, or 0 when the failure was not an HTTP error. */
    int status();

    /**
     * Whether a response of this status may succeed later: server errors (5xx), too many requests (429) and request
     * timeout (408). Other client errors (4xx) repeat with the same request.
     */
    static boolean isTransientStatus(int status) {
        return status >= 500 && status < 600 || status == 429 || status == 408;
    }

    /**
     * Whether a response may succeed later, by its status and headers: a transient status, a client error that says
     * when to come back ({@code Retry-After}, as some APIs send with 403), or a rate limit spent
     * ({@code x-ratelimit-remaining: 0} on 403 or 429, as GitHub answers): the same request passes once the window
     * resets.
     */
    static boolean isTransientResponse(int status, java.net.http.HttpHeaders headers) {
        if (isTransientStatus(status)) {
            return true;
        }
        if (status >= 400 && status < 500 && headers.firstValue("Retry-After").isPresent()) {
            return true;
        }
        return (status == 403 || status == 429)
                && headers.firstValue("x-ratelimit-remaining").map(String::trim).filter("0"::equals).isPresent();
    }
}
