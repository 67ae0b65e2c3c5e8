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
import io.jdlt.format.JobFileWriter;
import io.jdlt.format.JsonLines;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Writes the items of one emitted page into their table's job file, a big page of maps or JSON trees encoded in parts
 * on helper threads while the emitting thread encodes the first part itself. It returns only when every item is
 * written, so the resource may reuse or change its objects as soon as its emit returns, as it could when items were
 * encoded one by one. Encoding is most of the extract stage's own work (a 1M-item benchmark: 57% of the stage, the rest
 * mostly the resource producing its items), and it used one core of the machine.
 * <p>
 * The extract hands it a page a window of {@link #window()} items at a time, so memory holds what the file writer's
 * own buffer would. Helpers encode plain data only ({@link TypedJson#writePlainData}): a record, a bean or a map or
 * collection of a library (a Hibernate collection, a lazily loaded JPA entity, which needs its session's thread) is
 * read through code that may need the emitting thread, and a part holding one is encoded again there; pages of such
 * items are written on the emitting thread from the start.
 */
final class PageEncoder implements AutoCloseable {

    /** Items a helper encodes at once: a hand-over to another thread costs more than a few items. */
    static final int PART = 512;

    private final int helpers;
    private @Nullable ExecutorService executor;

    /** @param helpers threads besides the emitting one; 0 writes every page on the emitting thread */
    PageEncoder(int helpers) {
        this.helpers = helpers;
    }

    /** As many helpers as the machine has cores besides the emitting thread's, at most 3. */
    static PageEncoder forThisMachine() {
        return new PageEncoder(Math.min(3, Runtime.getRuntime().availableProcessors() - 1));
    }

    /** Items written at once: a part for the emitting thread and one for each helper. */
    int window() {
        return (helpers + 1) * PART;
    }

    /**
     * Writes the items, in their order: the accepted items of one window of a page ({@link #window()} of them at most,
     * so memory holds what the file writer's own buffer would), or a single item.
     *
     * @throws ExtractException naming the resource and the item's type when an item cannot be represented
     */
    void write(String resourceName, List<?> items, JobFileWriter writer) {
        if (helpers == 0 || items.size() < PART || !allPlainData(items)) {
            for (Object item : items) {
                try {
                    writer.write(out -> TypedJson.write(out, item));
                }
                catch (UnsupportedValueException ex) {
                    throw unsupported(resourceName, item, ex);
                }
            }
            return;
        }
        for (JsonLines lines : encodeInParts(resourceName, items)) {
            writer.writeLines(lines);
        }
    }

    private List<JsonLines> encodeInParts(String resourceName, List<?> items) {
        int size = (items.size() + helpers) / (helpers + 1);
        List<List<?>> helpedParts = new ArrayList<>();
        List<Future<JsonLines>> helped = new ArrayList<>();
        for (int from = size; from < items.size(); from += size) {
            List<?> part = items.subList(from, Math.min(items.size(), from + size));
            helpedParts.add(part);
            helped.add(executor().submit(() -> encodePart(resourceName, part, true)));
        }
        List<JsonLines> encoded = new ArrayList<>();
        boolean interrupted = false;
        try {
            encoded.add(encodePart(resourceName, items.subList(0, size), false));
            for (int i = 0; i < helped.size(); i++) {
                JsonLines part = null;
                if (!interrupted) {
                    try {
                        part = helped.get(i).get();
                    }
                    catch (ExecutionException notPlainOrFailed) {
                        // encoded again below, where a failure is the item's own
                    }
                    catch (InterruptedException ex) {
                        // the rest is encoded on this thread; the interrupt stays for the caller to see
                        interrupted = true;
                    }
                }
                encoded.add(part != null ? part : encodePart(resourceName, helpedParts.get(i), false));
            }
        }
        finally {
            // a failed part leaves the others running: they end on their own, and nothing of them is written
            helped.forEach(part -> part.cancel(false));
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return encoded;
    }

    /** Maps and JSON trees at the top: worth handing to helpers, which check what they hold as they go. */
    private static boolean allPlainData(List<?> items) {
        for (Object item : items) {
            if (!(item instanceof Map<?, ?>) && !(item instanceof JsonNode)) {
                return false;
            }
        }
        return true;
    }

    private static JsonLines encodePart(String resourceName, List<?> items, boolean onHelper) {
        JsonLines lines = new JsonLines();
        for (Object item : items) {
            if (onHelper) {
                lines.add(out -> TypedJson.writePlainData(out, item));
                continue;
            }
            try {
                lines.add(out -> TypedJson.write(out, item));
            }
            catch (UnsupportedValueException ex) {
                throw unsupported(resourceName, item, ex);
            }
        }
        return lines;
    }

    private static ExtractException unsupported(String resourceName, Object item, UnsupportedValueException ex) {
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
