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
}
