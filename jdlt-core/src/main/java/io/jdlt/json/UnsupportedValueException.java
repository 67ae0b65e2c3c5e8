package io.jdlt.json;

/** A value that jdlt cannot turn into JSON; the message names where in the item it sits and its Java type. */
public final class UnsupportedValueException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UnsupportedValueException(String message, Throwable cause) {
        super(message, cause);
    }

    public UnsupportedValueException(String message) {
        super(message);
    }
}
