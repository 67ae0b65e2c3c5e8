package io.jdlt.extract;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The worker pool of one extraction: parallelized resources run on it, and parallelized transformers hand it their
 * parent's items. Items in flight are bounded by a semaphore; when it is exhausted the submitting thread runs the
 * item itself, which bounds memory and cannot deadlock however deep transformers chain.
 */
final class ExtractionPool implements AutoCloseable {

    private final ExecutorService executor;
    private final Semaphore itemSlots;
    private final Queue<Future<?>> submitted = new ConcurrentLinkedQueue<>();

    ExtractionPool(ExtractParallelism parallelism) {
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(parallelism.workers(), task -> {
            Thread thread = new Thread(task, "jdlt-extract-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.itemSlots = new Semaphore(parallelism.maxParallelItems());
    }

    /** Runs a whole resource on the pool. */
    void submitResource(Runnable resource) {
        submitted.add(executor.submit(resource));
    }

    /** Runs one item of a transformer on the pool, or right here when the pool already has its fill of items. */
    void submitItem(Runnable item) {
        if (!itemSlots.tryAcquire()) {
            item.run();
            return;
        }
        try {
            submitted.add(executor.submit(() -> {
                try {
                    item.run();
                }
                finally {
                    itemSlots.release();
                }
            }));
        }
        catch (RuntimeException rejected) {
            itemSlots.release();
            throw rejected;
        }
    }

    boolean isIdle() {
        return submitted.isEmpty();
    }

    /** Waits for everything submitted, including what submitted work submits; the first failure is thrown. */
    void awaitAll() {
        Future<?> next;
        while ((next = submitted.poll()) != null) {
            try {
                next.get();
            }
            catch (ExecutionException ex) {
                stop();
                if (ex.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (ex.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(ex.getCause());
            }
            catch (InterruptedException ex) {
                stop();
                Thread.currentThread().interrupt();
                // the thread was asked to stop: nothing is wrong with the input, a later run may finish
                throw new io.jdlt.common.TransientException("interrupted while waiting for parallelized resources", ex);
            }
        }
    }

    /** Interrupts the work still running and waits for it, so that nothing writes after a failed extraction. */
    private void stop() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
