package io.jdlt.extract;

import io.jdlt.TerminalException;

/** A resource failed or yielded something jdlt cannot load; the message names the resource. */
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
}
