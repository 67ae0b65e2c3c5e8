package io.jdlt.extract;

import java.util.Map;

/**
 * What one extract produced.
 *
 * @param loadId the id of the load package written
 * @param schemaName the schema (source) the package belongs to
 * @param itemCounts items extracted per table (the root tables resources write to)
 */
public record ExtractInfo(String loadId, String schemaName, Map<String, Long> itemCounts) {

    public long totalItems() {
        return itemCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String toString() {
        return "Extracted load package " + loadId + " of schema " + schemaName + ": " + itemCounts;
    }
}
