package io.jdlt.load;

import org.jspecify.annotations.Nullable;

import io.jdlt.common.TerminalException;

/**
 * A job of a package failed and the package was aborted: nothing of it was committed, so the destination holds
 * exactly what it held before. The message names the table, the file and the destination's error.
 */
public class LoadFailedException extends TerminalException {

    private static final long serialVersionUID = 1L;

    private final transient LoadPackageInfo loadPackage;

    public LoadFailedException(LoadPackageInfo loadPackage, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.loadPackage = loadPackage;
    }

    public LoadPackageInfo loadPackage() {
        return loadPackage;
    }
}
