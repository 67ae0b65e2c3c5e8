package io.jdlt.extract;

/**
 * The body of a transformer: called once per item or page its parent resource emits (a page arrives as a
 * {@code List}, as dlt's transformers receive it), it emits items of its own, for example the details fetched for
 * each item of a list.
 */
@FunctionalInterface
public interface TransformerFunction {

    void transform(Object itemOrPage, ResourceContext context, Emitter out) throws Exception;
}
