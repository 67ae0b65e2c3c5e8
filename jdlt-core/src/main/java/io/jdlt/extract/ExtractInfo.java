package io.jdlt.extract;

import java.util.List;
import java.util.Map;

/**
 * What one extract produced.
 *
 * @param loadIds the load packages written, oldest first: one, or more when resources committed checkpoints
 * @param schemaName the schema (source) the packages belong to
 * @param itemCounts items extracted per table (the root tables resources write to), after incremental filtering
 */
public record ExtractInfo(List<String> loadIds, String schemaName, Map<String, Long> itemCounts) {

    public ExtractInfo {
        loadIds = List.copyOf(loadIds);
        itemCounts = Map.copyOf(itemCounts);
    }

    /** The last package written. */
    public String loadId() {
        return loadIds.get(loadIds.size() - 1);
    }

    public long totalItems() {
        return itemCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String toString() {
        return "Extracted load package(s) " + loadIds + " of schema " + schemaName + ": " + itemCounts;
    }
}
