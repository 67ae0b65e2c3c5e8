package io.jdlt.sources.rest;

import java.net.URI;

import io.jdlt.JdltException;
import io.jdlt.TerminalException;

/**
 * A REST call that failed in a way the same request repeats (a client error such as 401, 403, 404), or a response
 * jdlt cannot page through; the message names the URL. One that may pass is a {@link TransientRestApiException};
 * {@link #of} picks by status.
 */
public class RestApiException extends TerminalException implements RestApiFailure {

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

    /** An HTTP error response, with the kind its status decides (see {@link RestApiFailure#isTransientStatus}). */
    public static JdltException of(URI url, int status, String message) {
        return RestApiFailure.isTransientStatus(status) ? new TransientRestApiException(url, status, message, null)
                : new RestApiException(url, status, message);
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public int status() {
        return status;
    }
}
