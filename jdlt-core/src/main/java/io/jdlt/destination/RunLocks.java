package io.jdlt.destination;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/** Run locks within this JVM, by key; what every destination holds first, and all some can hold. */
public final class RunLocks {

    private static final ConcurrentHashMap<String, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private RunLocks() {
    }

    /** The lock of the key when no other run of this JVM holds it; a thread that holds it already does not get it again. */
    public static Optional<RunLock> tryInProcess(String key) {
        ReentrantLock lock = LOCKS.computeIfAbsent(key, k -> new ReentrantLock());
        if (lock.isHeldByCurrentThread() || !lock.tryLock()) {
            return Optional.empty();
        }
        return Optional.of(lock::unlock);
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
