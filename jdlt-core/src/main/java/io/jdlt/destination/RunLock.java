package io.jdlt.destination;

/**
 * Held by one run of a pipeline into a dataset, so that runs of the same pipeline never overlap: scheduled runs, a
 * run triggered by hand, replicas of an application. Closing it releases it.
 */
public interface RunLock extends AutoCloseable {

    @Override
    void close();
}
