package io.jdlt.normalize;

import io.jdlt.common.TerminalException;

/**
 * A row that cannot be normalized into the schema; the message names the table, the column, the column's type
 * and the incoming type. The package is aborted: nothing of it is loaded, its state changes are discarded and its
 * files are kept in {@code load/loaded/<load_id>}.
 */
public class NormalizeException extends TerminalException {

    private static final long serialVersionUID = 1L;

    public NormalizeException(String message) {
        super(message);
    }

    public NormalizeException(String message, Throwable cause) {
        super(message, cause);
    }
}
