package io.jdlt.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.jdlt.json.TypedJson;
import io.jdlt.json.UnsupportedValueException;
import io.jdlt.storage.JsonLines;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Encodes the items of one emitted page as JSON lines, a big page of maps or JSON trees in parts on helper threads
 * while the emitting thread encodes the first part itself. It returns only when every item is encoded, so the resource
 * may reuse or change its objects as soon as its emit returns, as it could when items were encoded one by one.
 * Encoding is most of the extract stage's own work (a 1M-item benchmark: 57% of the stage, the rest mostly the
 * resource producing its items), and it used one core of the machine.
 * <p>
 * Other objects (beans, records) are read through their getters, which may need the emitting thread (a lazily loaded
 * JPA entity needs the thread's session): their pages are encoded where they were emitted. A part that fails on a
 * helper is encoded again on the emitting thread for the same reason, and only a failure there is the item's.
 */
final class PageEncoder implements AutoCloseable {

    /** Below this many items per part a hand-over to another thread costs more than it saves. */
    static final int MIN_PART = 128;

    private final int helpers;
    private @Nullable ExecutorService executor;

    /** @param helpers threads besides the emitting one; 0 encodes every page on the emitting thread */
    PageEncoder(int helpers) {
        this.helpers = helpers;
    }

    /** As many helpers as the machine has cores besides the emitting thread's, at most 3. */
    static PageEncoder forThisMachine() {
        return new PageEncoder(Math.min(3, Runtime.getRuntime().availableProcessors() - 1));
    }

    /**
     * The page's items as JSON lines, in parts whose order is the items' order.
     *
     * @throws ExtractException naming the resource and the item's type when an item cannot be represented
     */
    List<JsonLines> encode(String resourceName, List<?> items) {
        int parts = Math.max(1, Math.min(helpers + 1, items.size() / MIN_PART));
        if (parts == 1 || !allPlainData(items)) {
            return List.of(encodePart(resourceName, items));
        }
        int size = (items.size() + parts - 1) / parts;
        List<List<?>> helpedParts = new ArrayList<>();
        List<Future<JsonLines>> helped = new ArrayList<>();
        for (int from = size; from < items.size(); from += size) {
            List<?> part = items.subList(from, Math.min(items.size(), from + size));
            helpedParts.add(part);
            helped.add(executor().submit(() -> encodePart(resourceName, part)));
        }
        List<JsonLines> encoded = new ArrayList<>();
        try {
            encoded.add(encodePart(resourceName, items.subList(0, size)));
            for (int i = 0; i < helped.size(); i++) {
                try {
                    encoded.add(helped.get(i).get());
                }
                catch (ExecutionException failedOnHelper) {
                    encoded.add(encodePart(resourceName, helpedParts.get(i)));
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ExtractException(resourceName, "interrupted while writing its items", ex);
        }
        finally {
            // a failed part leaves the others running: they end on their own, and nothing of them is written
            helped.forEach(part -> part.cancel(false));
        }
        return encoded;
    }

    /** Maps and JSON trees: data, read the same from any thread (only their nested values are looked into). */
    private static boolean allPlainData(List<?> items) {
        for (Object item : items) {
            if (!(item instanceof Map<?, ?>) && !(item instanceof JsonNode)) {
                return false;
            }
        }
        return true;
    }

    private static JsonLines encodePart(String resourceName, List<?> items) {
        JsonLines lines = new JsonLines();
        for (Object item : items) {
            try {
                lines.add(out -> TypedJson.write(out, item));
            }
            catch (UnsupportedValueException ex) {
                throw unsupported(resourceName, item, ex);
            }
        }
        return lines;
    }

    static ExtractException unsupported(String resourceName, Object item, UnsupportedValueException ex) {
        return new ExtractException(resourceName, "yielded an item of type " + item.getClass().getName()
                + " that cannot be loaded: " + ex.getMessage(), ex);
    }

    private ExecutorService executor() {
        if (executor == null) {
            AtomicInteger threads = new AtomicInteger();
            executor = Executors.newFixedThreadPool(helpers, task -> {
                Thread thread = new Thread(task, "jdlt-encode-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }
        return executor;
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
