package io.jdlt.normalize;

import java.util.Map;

/**
 * What normalize produced from the pending extracted packages.
 *
 * @param rowCounts rows written per table, over all packages normalized
 * @param loadIds the packages normalized, oldest first
 */
public record NormalizeInfo(Map<String, Long> rowCounts, java.util.List<String> loadIds) {

    public long totalRows() {
        return rowCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String toString() {
        return "Normalized " + loadIds.size() + " load package(s): " + rowCounts;
    }
}
