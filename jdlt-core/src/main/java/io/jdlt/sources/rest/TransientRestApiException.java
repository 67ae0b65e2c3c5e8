package io.jdlt.sources.rest;

import java.net.URI;

import io.jdlt.common.TransientException;
import org.jspecify.annotations.Nullable;

/**
 * A REST call that may succeed later: the server failed (5xx), asked to slow down (429) or timed out (408), or the
 * connection failed or timed out. The client has already retried it; a later run tries again.
 */
public class TransientRestApiException extends TransientException implements RestApiFailure {

    private static final long serialVersionUID = 1L;

    private final URI url;
    private final int status;

    public TransientRestApiException(URI url, int status, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.url = url;
        this.status = status;
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
