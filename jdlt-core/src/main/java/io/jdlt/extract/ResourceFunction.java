package io.jdlt.extract;

/**
 * A resource written as a callback: it emits items or pages, one at a time, as a Python generator would yield
 * them. Items are written to disk as they come, so a function may emit any number of them.
 */
@FunctionalInterface
public interface ResourceFunction {

    void produce(ResourceContext context, Emitter out) throws Exception;
}
