package io.jdlt.normalize;

/** A value that cannot be converted to a column's type; normalize then puts it into a variant column. */
final class CoercionException extends Exception {

    private static final long serialVersionUID = 1L;

    CoercionException(String message) {
        super(message, null, false, false);
    }
}
