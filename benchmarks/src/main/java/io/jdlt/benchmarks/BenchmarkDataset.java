package io.jdlt.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jdlt.extract.Resource;

/**
 * The standard benchmark dataset, generated deterministically in pages of 1000: record k has ten scalar fields, a
 * nested {@code user} object (flattened into the parent row) and two {@code tags} (two child rows).
 */
public final class BenchmarkDataset {

    private static final String[] CITIES = { "Berlin", "Paris", "Rome", "Madrid", "Oslo", "Vienna", "Prague", "Lisbon" };
    private static final String[] STATUSES = { "new", "open", "closed", "done" };
    private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
    private static final int PAGE_SIZE = 1000;

    private BenchmarkDataset() {
    }

    /** A resource {@code rows} that yields records 0..rows-1 in pages. */
    public static Resource resource(int rows) {
        return Resource.builder("rows").emitter((context, out) -> {
            for (int first = 0; first < rows; first += PAGE_SIZE) {
                int last = Math.min(rows, first + PAGE_SIZE);
                List<Map<String, Object>> page = new ArrayList<>(last - first);
                for (int k = first; k < last; k++) {
                    page.add(record(k));
                }
                out.emit(page);
            }
        }).build();
    }

    static Map<String, Object> record(int k) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", k);
        record.put("name", "name_" + k);
        record.put("amount", k * 0.25 + 0.5);
        record.put("flag", k % 2 == 0);
        record.put("ts", START.plusSeconds(k).toString());
        record.put("email", "user" + k + "@example.com");
        record.put("count", (k * 7L) % 100003);
        record.put("city", CITIES[k % 8]);
        record.put("score", (k % 1000) / 7.0);
        record.put("status", STATUSES[k % 4]);
        record.put("user", Map.of("id", k % 50000, "address", Map.of("city", CITIES[k % 8])));
        record.put("tags", List.of("a", "b"));
        return record;
    }
}
