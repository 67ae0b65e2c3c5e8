package io.jdlt.sources.rest;

import java.net.URI;

/** A REST call that failed, or a response jdlt cannot page through; the message names the URL. */
public class RestApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final URI url;
    private final int status;

    public RestApiException(URI url, int status, String message) {
        super(message);
        this.url = url;
        this.status = status;
    }

    /** A response that cannot be paged through: {@code "<url> <problem>"}. */
    RestApiException(URI url, String problem) {
        this(url, 0, "The response of " + url + " " + problem);
    }

    public URI url() {
        return url;
    }

    /** The HTTP status, or 0 when the failure was not an HTTP error. */
    public int status() {
        return status;
    }
}
