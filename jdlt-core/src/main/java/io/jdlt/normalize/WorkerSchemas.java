package io.jdlt.normalize;

import java.util.List;
import java.util.Objects;

import io.jdlt.schema.Column;
import io.jdlt.schema.Schema;
import io.jdlt.schema.Table;
import org.jspecify.annotations.Nullable;

/**
 * Merges what parallel normalize workers added to their copies of one schema: new tables and new columns, in worker
 * order, and the first type of a column declared without one. Workers that disagree (one inferred bigint where another inferred text, or one changed a column the other
 * kept) cannot be merged: the rows they wrote assume different columns, so the package is normalized again in one
 * thread, where the second value meets the first as it would have all along.
 */
final class WorkerSchemas {

    private WorkerSchemas() {
    }

    /** The merged schema (a copy of {@code base} with every worker's additions), or null when workers disagree. */
    static @Nullable Schema merge(Schema base, List<Schema> workers) {
        Schema merged = base.copy();
        for (Schema worker : workers) {
            for (Table added : worker.tables()) {
                Table existing = merged.table(added.name());
                if (existing == null) {
                    merged.putTable(added.copy());
                    continue;
                }
                if (!sameSettings(existing, added)) {
                    return null;
                }
                Table original = base.table(added.name());
                for (Column column : added.columns()) {
                    Column known = existing.column(column.name());
                    Column before = original == null ? null : original.column(column.name());
                    if (known == null) {
                        existing.putColumn(column);
                    }
                    else if (known.equals(column) || before != null && column.equals(before) && !before.isComplete()) {
                        // the same, or this worker saw only nulls in a column another typed
                        continue;
                    }
                    else if (before != null && known.equals(before) && !before.isComplete() && column.isComplete()) {
                        // a declared column (a primary key hint) typed by its first value: in place, as one thread
                        existing.putColumn(column);
                    }
                    else {
                        return null;
                    }
                }
                if (added.seenData()) {
                    existing.seenData(true);
                }
            }
        }
        return merged;
    }

    private static boolean sameSettings(Table a, Table b) {
        return Objects.equals(a.parent(), b.parent()) && Objects.equals(a.writeDisposition(), b.writeDisposition())
                && Objects.equals(a.resource(), b.resource()) && Objects.equals(a.maxNesting(), b.maxNesting())
                && Objects.equals(a.dedupSort(), b.dedupSort()) && Objects.equals(a.schemaContract(), b.schemaContract())
                && a.evolveColumnsOnce() == b.evolveColumnsOnce();
    }
}
