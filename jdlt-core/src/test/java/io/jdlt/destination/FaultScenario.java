package io.jdlt.destination;

import java.util.List;
import java.util.Map;

import io.jdlt.extract.Incremental;
import io.jdlt.extract.Resource;
import io.jdlt.extract.Source;
import io.jdlt.schema.WriteDisposition;

/**
 * The data of the crash tests: two runs of a source with a merged resource (nested list, incremental cursor) and an
 * appended one (incremental cursor whose second batch repeats the boundary row).
 */
public final class FaultScenario {

    private FaultScenario() {
    }

    static List<Map<String, Object>> orders(int batch) {
        return batch == 1
                ? List.of(Map.of("id", 1, "v", "a", "updated_at", 1, "items", List.of(1, 2)),
                        Map.of("id", 2, "v", "b", "updated_at", 2, "items", List.of(3)))
                : List.of(Map.of("id", 2, "v", "b2", "updated_at", 3, "items", List.of(4, 5)),
                        Map.of("id", 3, "v", "c", "updated_at", 3, "items", List.of()));
    }

    static List<Map<String, Object>> events(int batch) {
        return batch == 1 ? List.of(Map.of("id", 1, "ts", 1), Map.of("id", 2, "ts", 2))
                : List.of(Map.of("id", 2, "ts", 2), Map.of("id", 3, "ts", 3));
    }

    /**
     * @param failMidway whether the orders resource throws after its first item, as a source that breaks off
     */
    public static Source source(int batch, boolean failMidway) {
        Resource orders = Resource.builder("orders").primaryKey("id").writeDisposition(WriteDisposition.merge())
                .incremental(Incremental.on("updated_at"))
                .emitter((ctx, out) -> {
                    List<Map<String, Object>> rows = orders(batch);
                    out.emit(rows.get(0));
                    if (failMidway) {
                        throw new IllegalStateException("injected: the source broke off");
                    }
                    out.emit(rows.subList(1, rows.size()));
                })
                .build();
        Resource events = Resource.builder("events").primaryKey("id").incremental(Incremental.on("ts"))
                .data(events(batch)).build();
        return Source.of("shop", events, orders);
    }
}
