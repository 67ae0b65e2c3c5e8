package io.jdlt.common;

import org.jspecify.annotations.Nullable;

/** An error that may go away: run the pipeline again; pending packages are finished without loading twice. */
public non-sealed class TransientException extends JdltException {

    private static final long serialVersionUID = 1L;

    public TransientException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    public TransientException(String message) {
        super(message);
    }
}
