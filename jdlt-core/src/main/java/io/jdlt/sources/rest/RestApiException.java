package io.jdlt.sources.rest;

import java.net.URI;

import io.jdlt.common.JdltException;
import io.jdlt.common.TerminalException;
import org.jspecify.annotations.Nullable;

/**
 * A REST call that failed in a way the same request repeats (a client error such as 401, 403, 404; a TLS handshake
 * the certificate or trust store makes fail), or a response jdlt cannot page through; the message names the URL. One that may pass is a {@link TransientRestApiException};
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

    public RestApiException(URI url, int status, String message, @Nullable Throwable cause) {
        super(message, cause);
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

    /**
     * An HTTP error response, with the kind its status and headers decide (see
     * {@link RestApiFailure#isTransientResponse}): a 403 that says when to retry, or a spent rate limit, is transient.
     */
    public static JdltException of(URI url, int status, java.net.http.HttpHeaders headers, String message) {
        return RestApiFailure.isTransientResponse(status, headers)
                ? new TransientRestApiException(url, status, message, null) : new RestApiException(url, status, message);
    }

    /**
     * Whether a failed connection is the TLS handshake refused: a certificate the JVM does not trust, expired or for
     * another host, or no protocol or cipher both sides accept. The same request fails the same way until the
     * certificate or the trust store changes. A handshake cut off by a dropped connection is not one: it may pass.
     */
    static boolean isRefusedHandshake(Throwable failure) {
        boolean handshake = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.security.cert.CertificateException
                    || cause instanceof javax.net.ssl.SSLPeerUnverifiedException) {
                return true;
            }
            if (cause instanceof java.io.EOFException || cause instanceof java.net.SocketException) {
                return false;
            }
            handshake |= cause instanceof javax.net.ssl.SSLHandshakeException;
            if (cause.getCause() == cause) {
                break;
            }
        }
        return handshake;
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
