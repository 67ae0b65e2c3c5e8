package io.jdlt.normalize;

import java.util.List;
import java.util.Map;

/**
 * What normalize produced from the pending extracted packages.
 *
 * @param rowCounts rows written per table, over all packages normalized
 * @param loadIds the packages normalized, oldest first
 * @param warnings values normalize changed (NaN stored as NULL, lone surrogates replaced, colliding keys), per
 *        package, table and column; each is also logged once at WARN
 */
public record NormalizeInfo(Map<String, Long> rowCounts, List<String> loadIds, List<ValueWarning> warnings) {

    public NormalizeInfo(Map<String, Long> rowCounts, List<String> loadIds) {
        this(rowCounts, loadIds, List.of());
    }

    public long totalRows() {
        return rowCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String toString() {
        return "Normalized " + loadIds.size() + " load package(s): " + rowCounts
                + (warnings.isEmpty() ? "" : ", " + warnings.size() + " warning(s)");
    }
}
