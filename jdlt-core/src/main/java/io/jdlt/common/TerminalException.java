package io.jdlt.common;

import org.jspecify.annotations.Nullable;

/** An error that repeats with the same input: the message says what to change. */
public non-sealed class TerminalException extends JdltException {

    private static final long serialVersionUID = 1L;

    public TerminalException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    public TerminalException(String message) {
        super(message);
    }
}
