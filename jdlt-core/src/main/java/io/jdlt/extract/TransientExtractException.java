package io.jdlt.extract;

import io.jdlt.common.TransientException;

/**
 * A resource failed for a reason that may pass (a network failure, a timeout, an API that is down or rate limits, a
 * full disk): running the pipeline again may succeed. The message names the resource, as {@link ExtractException}'s.
 */
public class TransientExtractException extends TransientException {

    private static final long serialVersionUID = 1L;

    private final String resourceName;

    public TransientExtractException(String resourceName, String message, Throwable cause) {
        super("Resource '" + resourceName + "': " + message, cause);
        this.resourceName = resourceName;
    }

    public String resourceName() {
        return resourceName;
    }
}
