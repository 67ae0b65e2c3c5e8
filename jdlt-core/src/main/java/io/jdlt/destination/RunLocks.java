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

    /** A lock other processes see (in a database, on a file): empty when another holder has it. */
    @FunctionalInterface
    public interface SharedLock {

        Optional<RunLock> tryLock();
    }

    /**
     * The JVM's lock of the key, then the shared one: both or neither. Closing releases the shared lock, then the
     * JVM's; a shared lock that fails or is taken releases the JVM's at once.
     */
    public static Optional<RunLock> tryInProcessThen(String key, SharedLock shared) {
        Optional<RunLock> inProcess = tryInProcess(key);
        if (inProcess.isEmpty()) {
            return inProcess;
        }
        Optional<RunLock> acquired;
        try {
            acquired = shared.tryLock();
        }
        catch (RuntimeException | Error ex) {
            inProcess.get().close();
            throw ex;
        }
        if (acquired.isEmpty()) {
            inProcess.get().close();
            return Optional.empty();
        }
        RunLock sharedLock = acquired.get();
        return Optional.of(() -> {
            try {
                sharedLock.close();
            }
            finally {
                inProcess.get().close();
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
