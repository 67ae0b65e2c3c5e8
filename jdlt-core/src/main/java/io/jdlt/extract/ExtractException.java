package io.jdlt.extract;

import io.jdlt.common.JdltException;
import io.jdlt.common.TerminalException;
import io.jdlt.storage.IoErrors;

/**
 * A resource failed or yielded something jdlt cannot load, and running again with the same input fails the same
 * way; the message names the resource. A failure that may pass is a {@link TransientExtractException}: see
 * {@link #of(String, String, Throwable)}.
 */
public class ExtractException extends TerminalException {

    private static final long serialVersionUID = 1L;

    private final String resourceName;

    public ExtractException(String resourceName, String message, Throwable cause) {
        super("Resource '" + resourceName + "': " + message, cause);
        this.resourceName = resourceName;
    }

    public ExtractException(String resourceName, String message) {
        super("Resource '" + resourceName + "': " + message);
        this.resourceName = resourceName;
    }

    public String resourceName() {
        return resourceName;
    }

    /**
     * A resource's failure with the kind of its cause: transient when the cause may pass (a {@link
     * io.jdlt.common.TransientException}, a dropped or refused connection, a timeout, a full disk), otherwise terminal. A
     * resource failure passes unchanged.
     */
    public static JdltException of(String resourceName, String message, Throwable cause) {
        if (cause instanceof ExtractException || cause instanceof TransientExtractException) {
            return (JdltException) cause;
        }
        return IoErrors.isTransient(cause) ? new TransientExtractException(resourceName, message, cause)
                : new ExtractException(resourceName, message, cause);
    }
}
