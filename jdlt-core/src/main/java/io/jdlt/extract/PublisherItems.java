package io.jdlt.extract;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * Reads a reactive {@link Flow.Publisher} (Reactor's {@code Flux}, RxJava, the JDK's HTTP client bodies, via
 * {@code FlowAdapters} where needed) into an emitter, one item requested at a time, so the publisher never runs ahead
 * of what has been written. Items arrive on the publisher's threads; only the resource's own thread waits.
 */
final class PublisherItems {

    private PublisherItems() {
    }

    static void drain(Flow.Publisher<?> publisher, Emitter out) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Flow.Subscription[] held = new Flow.Subscription[1];
        publisher.subscribe(new Flow.Subscriber<Object>() {
            private Flow.@Nullable Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                this.subscription = subscription;
                held[0] = subscription;
                subscription.request(1);
            }

            @Override
            public void onNext(Object item) {
                try {
                    out.emit(item);
                    // onSubscribe comes before any onNext (Flow's contract)
                    java.util.Objects.requireNonNull(subscription).request(1);
                }
                catch (RuntimeException | Error ex) {
                    // the item could not be written, or the incremental cursor is past the range: stop the publisher
                    java.util.Objects.requireNonNull(subscription).cancel();
                    failure.compareAndSet(null, ex);
                    done.countDown();
                }
            }

            @Override
            public void onError(Throwable error) {
                failure.compareAndSet(null, error);
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        try {
            done.await();
        }
        catch (InterruptedException ex) {
            if (held[0] != null) {
                held[0].cancel();
            }
            throw ex;
        }
        Throwable failed = failure.get();
        if (failed instanceof Exception exception) {
            throw exception;
        }
        if (failed instanceof Error error) {
            throw error;
        }
    }
}
