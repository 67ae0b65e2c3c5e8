package io.jdlt.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Serializes the stages of every pipeline instance that shares one working dir, in this JVM (a lock per dir) and
 * across processes (an OS file lock on {@code .lock}), so that two instances never extract, normalize or load the
 * same packages at once. Re-entrant: a run holds it while it calls the stages.
 */
public final class WorkingDirLock {

    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Path lockFile;
    private final ReentrantLock lock;
    private @Nullable FileChannel channel;
    private @Nullable FileLock fileLock;

    WorkingDirLock(Path workingDir) {
        Path dir = workingDir.toAbsolutePath().normalize();
        this.lockFile = dir.resolve(".lock");
        this.lock = LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
    }

    /** Waits for the working dir, then holds it until the returned handle is closed. */
    public Held acquire() {
        lock.lock();
        if (lock.getHoldCount() == 1) {
            try {
                Files.createDirectories(lockFile.getParent());
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                fileLock = channel.lock();
            }
            catch (IOException | RuntimeException ex) {
                closeChannel();
                lock.unlock();
                throw new UncheckedIOException("cannot lock the pipeline working dir " + lockFile.getParent(),
                        ex instanceof IOException io ? io : new IOException(ex));
            }
        }
        return this::release;
    }

    private void release() {
        try {
            if (lock.getHoldCount() == 1) {
                closeChannel();
            }
        }
        finally {
            lock.unlock();
        }
    }

    private void closeChannel() {
        try {
            if (fileLock != null) {
                fileLock.release();
            }
            if (channel != null) {
                channel.close();
            }
        }
        catch (IOException ignored) {
            // closing the channel releases the OS lock in any case
        }
        finally {
            fileLock = null;
            channel = null;
        }
    }

    /** The held lock; closing it releases one hold. */
    @FunctionalInterface
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
