package io.jdlt.destination;

import io.jdlt.common.TerminalException;

/**
 * The destination refuses what a load package holds — a value, a table wider than it allows, a write disposition
 * whose column the data lacks — so loading the same package again fails the same way: the loader aborts it (files
 * and reason kept, state changes discarded) and later runs go on. A terminal failure that is not the package's
 * doing (credentials, privileges, a setting) is a plain {@link TerminalException}: the package waits for the fix.
 */
public class PackageRefusedException extends TerminalException {

    private static final long serialVersionUID = 1L;

    public PackageRefusedException(String message, Throwable cause) {
        super(message, cause);
    }

    public PackageRefusedException(String message) {
        super(message);
    }
}
