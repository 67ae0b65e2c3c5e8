package io.jdlt.common;

import org.jspecify.annotations.Nullable;

/**
 * The root of jdlt's errors. Every error is either {@link TerminalException terminal} (running again with the
 * same input fails the same way: fix the data, the code or the configuration) or {@link TransientException
 * transient} (a connection or lock problem: running again may succeed, and loses nothing).
 */
public abstract sealed class JdltException extends RuntimeException permits TerminalException, TransientException {

    private static final long serialVersionUID = 1L;

    private @Nullable String outcome;

    protected JdltException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    protected JdltException(String message) {
        super(message);
    }

    /**
     * What jdlt did about this failure once it was thrown (it aborted the load package, say), so the message says
     * what happened and what to do, not only what went wrong; the type stays that of the cause as it was found.
     */
    public void addOutcome(String outcome) {
        this.outcome = this.outcome == null ? outcome : this.outcome + " " + outcome;
    }

    @Override
    public @Nullable String getMessage() {
        String message = super.getMessage();
        return outcome == null ? message : message + ". " + outcome;
    }
}
