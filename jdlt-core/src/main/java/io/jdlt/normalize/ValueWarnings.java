package io.jdlt.normalize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Values normalize had to change on their way into a column, counted per table and column by one worker: the
 * normalizer logs them once per package (one warning per column and kind, with the count), never once per row.
 */
final class ValueWarnings {

    private record Key(ValueWarning.Kind kind, String table, String column) {
    }

    private static final class Tally {
        long count;
        final Set<String> sourceKeys = new TreeSet<>();
    }

    private final Map<Key, Tally> tallies = new LinkedHashMap<>();

    void count(ValueWarning.Kind kind, String table, String column, long count) {
        tallies.computeIfAbsent(new Key(kind, table, column), k -> new Tally()).count += count;
    }

    /** Keys of an item that normalize to one column: the value of the last one in the item's key order is kept. */
    void collision(String table, String column, List<String> sourceKeys) {
        Tally tally = tallies.computeIfAbsent(new Key(ValueWarning.Kind.KEY_COLLISION, table, column), k -> new Tally());
        tally.count++;
        tally.sourceKeys.addAll(sourceKeys);
    }

    boolean isEmpty() {
        return tallies.isEmpty();
    }

    /** The warnings of all workers of one package, summed per table, column and kind. */
    static List<ValueWarning> merge(String loadId, List<ValueWarnings> workers) {
        Map<Key, Tally> merged = new LinkedHashMap<>();
        for (ValueWarnings worker : workers) {
            worker.tallies.forEach((key, tally) -> {
                Tally sum = merged.computeIfAbsent(key, k -> new Tally());
                sum.count += tally.count;
                sum.sourceKeys.addAll(tally.sourceKeys);
            });
        }
        List<ValueWarning> warnings = new ArrayList<>();
        merged.forEach((key, tally) -> warnings.add(new ValueWarning(loadId, key.kind(), key.table(), key.column(),
                tally.count, List.copyOf(tally.sourceKeys))));
        return warnings;
    }

    /** One WARN line per warning, by the logger of the class that changed the values. */
    static void log(String pipelineName, List<ValueWarning> warnings) {
        for (ValueWarning warning : warnings) {
            Logger log = LoggerFactory.getLogger(warning.kind() == ValueWarning.Kind.KEY_COLLISION
                    ? RelationalNormalizer.class : RowCoercer.class);
            log.warn("Pipeline '{}', load package {}: {}", pipelineName, warning.loadId(), warning.message());
        }
    }
}
