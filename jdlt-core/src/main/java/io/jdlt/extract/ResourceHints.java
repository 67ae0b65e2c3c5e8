package io.jdlt.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.jdlt.schema.SchemaContract;
import io.jdlt.schema.WriteDisposition;
import org.jspecify.annotations.Nullable;

/**
 * The table hints a resource gives the schema (dlt's resource hints). Column names are as the data has them;
 * extract normalizes them.
 *
 * @param tableName the table, {@code null} for the resource name
 * @param writeDisposition append, replace or merge; {@code null} keeps what the schema has (append for new tables)
 * @param maxTableNesting levels of nested tables before data is stored as JSON
 * @param primaryKey the primary key columns
 * @param mergeKey the merge key columns
 * @param hardDeleteColumn the column that marks rows to delete
 * @param dedupSortColumn the column ordering rows of one key in a merge
 * @param dedupSortDescending whether the largest {@code dedupSortColumn} value wins
 * @param incremental the incremental cursor
 * @param checkpointEvery commit a checkpoint after this many emits (items or pages), 0 for never
 * @param schemaContract the contract of the resource's table and its nested tables
 * @param columns columns declared in code, for the table and its nested tables
 */
public record ResourceHints(@Nullable String tableName, @Nullable WriteDisposition writeDisposition,
        @Nullable Integer maxTableNesting, List<String> primaryKey, List<String> mergeKey,
        @Nullable String hardDeleteColumn, @Nullable String dedupSortColumn, boolean dedupSortDescending,
        @Nullable Incremental<?> incremental, int checkpointEvery, @Nullable SchemaContract schemaContract,
        List<DeclaredColumn> columns) {

    public static final ResourceHints NONE = new ResourceHints(null, null, null, List.of(), List.of(), null, null, false,
            null, 0, null, List.of());

    public ResourceHints {
        primaryKey = List.copyOf(primaryKey);
        columns = List.copyOf(columns);
        mergeKey = List.copyOf(mergeKey);
        if (checkpointEvery < 0) {
            throw new IllegalArgumentException("checkpointEvery must be 0 or more, was " + checkpointEvery);
        }
        if (maxTableNesting != null && maxTableNesting < 0) {
            throw new IllegalArgumentException("max_table_nesting must be 0 or more, was " + maxTableNesting);
        }
    }

    ResourceHints withTableName(String table) {
        return with(hints -> hints.tableName = table);
    }

    ResourceHints withWriteDisposition(WriteDisposition disposition) {
        return with(hints -> hints.writeDisposition = disposition);
    }

    ResourceHints withMaxTableNesting(int nesting) {
        return with(hints -> hints.maxTableNesting = nesting);
    }

    ResourceHints withPrimaryKey(List<String> keys) {
        return with(hints -> hints.primaryKey = keys);
    }

    ResourceHints withMergeKey(List<String> keys) {
        return with(hints -> hints.mergeKey = keys);
    }

    ResourceHints withHardDelete(String column) {
        return with(hints -> hints.hardDeleteColumn = column);
    }

    ResourceHints withDedupSort(String column, boolean descending) {
        return with(hints -> {
            hints.dedupSortColumn = column;
            hints.dedupSortDescending = descending;
        });
    }

    ResourceHints withIncremental(Incremental<?> cursor) {
        return with(hints -> hints.incremental = cursor);
    }

    ResourceHints withCheckpointEvery(int emits) {
        return with(hints -> hints.checkpointEvery = emits);
    }

    ResourceHints withSchemaContract(SchemaContract contract) {
        return with(hints -> hints.schemaContract = contract);
    }

    ResourceHints withColumns(List<DeclaredColumn> more) {
        List<DeclaredColumn> all = new ArrayList<>(columns);
        all.addAll(more);
        return with(hints -> hints.columns = all);
    }

    /** A copy with one change: a hint added to the record is added to {@link Draft} once, not to every wither. */
    private ResourceHints with(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return draft.build();
    }

    /** The hints being changed: every component, mutable. */
    private static final class Draft {
        @Nullable String tableName;
        @Nullable WriteDisposition writeDisposition;
        @Nullable Integer maxTableNesting;
        List<String> primaryKey;
        List<String> mergeKey;
        @Nullable String hardDeleteColumn;
        @Nullable String dedupSortColumn;
        boolean dedupSortDescending;
        @Nullable Incremental<?> incremental;
        int checkpointEvery;
        @Nullable SchemaContract schemaContract;
        List<DeclaredColumn> columns;

        Draft(ResourceHints hints) {
            tableName = hints.tableName;
            writeDisposition = hints.writeDisposition;
            maxTableNesting = hints.maxTableNesting;
            primaryKey = hints.primaryKey;
            mergeKey = hints.mergeKey;
            hardDeleteColumn = hints.hardDeleteColumn;
            dedupSortColumn = hints.dedupSortColumn;
            dedupSortDescending = hints.dedupSortDescending;
            incremental = hints.incremental;
            checkpointEvery = hints.checkpointEvery;
            schemaContract = hints.schemaContract;
            columns = hints.columns;
        }

        ResourceHints build() {
            return new ResourceHints(tableName, writeDisposition, maxTableNesting, primaryKey, mergeKey,
                    hardDeleteColumn, dedupSortColumn, dedupSortDescending, incremental, checkpointEvery,
                    schemaContract, columns);
        }
    }
}
