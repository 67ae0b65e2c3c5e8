package io.jdlt;

/**
 * The root of jdlt's errors. Every error is either {@link TerminalException terminal} (running again with the
 * same input fails the same way: fix the data, the code or the configuration) or {@link TransientException
 * transient} (a connection or lock problem: running again may succeed, and loses nothing).
 */
public abstract sealed class JdltException extends RuntimeException permits TerminalException, TransientException {

    private static final long serialVersionUID = 1L;

    protected JdltException(String message, Throwable cause) {
        super(message, cause);
    }

    protected JdltException(String message) {
        super(message);
    }
}
