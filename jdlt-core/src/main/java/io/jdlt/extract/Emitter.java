package io.jdlt.extract;

/**
 * Where a resource function sends its data: the Java stand-in for a Python generator's {@code yield}.
 */
@FunctionalInterface
public interface Emitter {

    /**
     * Emits one item (a {@code Map}, a record, a bean, a {@code JsonNode}, or a scalar that becomes a
     * {@code value} column) or one page (a {@code List}, array or JSON array of such items).
     */
    void emit(Object itemOrPage);
}
