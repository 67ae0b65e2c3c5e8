package io.jdlt.extract;

import java.util.List;

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
        return new ResourceHints(table, writeDisposition, maxTableNesting, primaryKey, mergeKey, hardDeleteColumn,
                dedupSortColumn, dedupSortDescending, incremental, checkpointEvery, schemaContract, columns);
    }

    ResourceHints withWriteDisposition(WriteDisposition disposition) {
        return new ResourceHints(tableName, disposition, maxTableNesting, primaryKey, mergeKey, hardDeleteColumn,
                dedupSortColumn, dedupSortDescending, incremental, checkpointEvery, schemaContract, columns);
    }

    ResourceHints withMaxTableNesting(int nesting) {
        return new ResourceHints(tableName, writeDisposition, nesting, primaryKey, mergeKey, hardDeleteColumn,
                dedupSortColumn, dedupSortDescending, incremental, checkpointEvery, schemaContract, columns);
    }

    ResourceHints withPrimaryKey(List<String> keys) {
        return new ResourceHints(tableName, writeDisposition, maxTableNesting, keys, mergeKey, hardDeleteColumn,
                dedupSortColumn, dedupSortDescending, incremental, checkpointEvery, schemaContract, columns);
    }

    ResourceHints withMergeKey(List<String> keys) {
        return new ResourceHints(tableName, writeDisposition, maxTableNesting, primaryKey, keys, hardDeleteColumn,
                dedupSortColumn, dedupSortDescending, incremental, checkpointEvery, schemaContract, columns);
    }

    ResourceHints withHardDelete(String column) {
        return new ResourceHints(tableName, writeDisposition, maxTableNesting, primaryKey, mergeKey, column,
                dedupSortColumn, dedupSortDescending, incremental, checkpointEvery, schemaContract, columns);
    }

    ResourceHints withDedupSort(String column, boolean descending) {
        return new ResourceHints(tableName, writeDisposition, maxTableNesting, primaryKey, mergeKey, hardDeleteColumn,
                column, descending, incremental, checkpointEvery, schemaContract, columns);
    }

    ResourceHints withIncremental(Incremental<?> cursor) {
        return new ResourceHints(tableName, writeDisposition, maxTableNesting, primaryKey, mergeKey, hardDeleteColumn,
                dedupSortColumn, dedupSortDescending, cursor, checkpointEvery, schemaContract, columns);
    }

    ResourceHints withCheckpointEvery(int emits) {
        return new ResourceHints(tableName, writeDisposition, maxTableNesting, primaryKey, mergeKey, hardDeleteColumn,
                dedupSortColumn, dedupSortDescending, incremental, emits, schemaContract, columns);
    }

    ResourceHints withSchemaContract(SchemaContract contract) {
        return new ResourceHints(tableName, writeDisposition, maxTableNesting, primaryKey, mergeKey, hardDeleteColumn,
                dedupSortColumn, dedupSortDescending, incremental, checkpointEvery, contract, columns);
    }

    ResourceHints withColumns(List<DeclaredColumn> more) {
        List<DeclaredColumn> all = new java.util.ArrayList<>(columns);
        all.addAll(more);
        return new ResourceHints(tableName, writeDisposition, maxTableNesting, primaryKey, mergeKey, hardDeleteColumn,
                dedupSortColumn, dedupSortDescending, incremental, checkpointEvery, schemaContract, all);
    }
}
