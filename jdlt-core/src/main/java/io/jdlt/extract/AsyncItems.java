package io.jdlt.extract;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Items that resources emit as {@link CompletionStage}s (an async HTTP call, for example): the value is written when
 * the stage completes, on the thread that completes it, so no thread waits per item. At most
 * {@code maxParallelItems} are in flight; the resource that emits one more waits for a slot.
 */
final class AsyncItems {

    private final Semaphore slots;
    private final Queue<CompletableFuture<Void>> pending = new ConcurrentLinkedQueue<>();

    AsyncItems(int maxParallelItems) {
        this.slots = new Semaphore(maxParallelItems);
    }

    void add(String resourceName, CompletionStage<?> item, Consumer<Object> write) {
        try {
            slots.acquire();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new TransientExtractException(resourceName, "interrupted while waiting to emit an async item", ex);
        }
        pending.add(item.toCompletableFuture().handle((value, failure) -> {
            // the slot is free before the value is written: writing may emit further async items, which need one
            slots.release();
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                throw ExtractException.of(resourceName, "an async item failed: " + cause, cause);
            }
            if (value != null) {
                write.accept(value);
            }
            return null;
        }));
    }

    boolean isIdle() {
        return pending.isEmpty();
    }

    /** Waits for every item emitted so far; the first failure is thrown. */
    void awaitAll() {
        CompletableFuture<Void> next;
        while ((next = pending.poll()) != null) {
            try {
                next.join();
            }
            catch (CompletionException ex) {
                if (ex.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw ex;
            }
        }
    }
}
