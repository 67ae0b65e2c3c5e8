package io.jdlt.destination;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Run locks within this JVM, by key; what every destination holds first, and all some can hold. A lock is a permit,
 * not a thread's monitor: any thread may release it (once), and a thread that holds it does not get it again.
 */
public final class RunLocks {

    private static final ConcurrentHashMap<String, Semaphore> LOCKS = new ConcurrentHashMap<>();

    private RunLocks() {
    }

    /** The lock of the key when no other run of this JVM holds it. */
    public static Optional<RunLock> tryInProcess(String key) {
        Semaphore permit = LOCKS.computeIfAbsent(key, k -> new Semaphore(1));
        if (!permit.tryAcquire()) {
            return Optional.empty();
        }
        AtomicBoolean released = new AtomicBoolean();
        return Optional.of(() -> {
            if (released.compareAndSet(false, true)) {
                permit.release();
            }
        });
    }

    /** The key of a pipeline's runs into a dataset of a destination. */
    public static String key(Destination destination, String datasetName, String pipelineName) {
        return key(destination.name(), destination.location(), datasetName, pipelineName);
    }

    /** The key of a pipeline's runs into a dataset at a place (a file, a server, a folder) of a destination type. */
    public static String key(String destinationName, String place, String datasetName, String pipelineName) {
        return destinationName + "|" + place + "|" + datasetName + "|" + pipelineName;
    }
}
