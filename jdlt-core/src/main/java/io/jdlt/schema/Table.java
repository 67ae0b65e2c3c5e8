package io.jdlt.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A table of a schema: its columns in destination order and the hints dlt keeps on tables. A table with a
 * {@linkplain #parent() parent} is a nested (child) table holding the rows of a list found in its parent's rows.
 */
public final class Table {

    private final String name;
    private final @Nullable String parent;
    private @Nullable WriteDisposition writeDisposition;
    private @Nullable String resource;
    private @Nullable Integer maxNesting;
    private @Nullable DedupSort dedupSort;
    private @Nullable SchemaContract schemaContract;
    private boolean seenData;
    private boolean evolveColumnsOnce;
    private final LinkedHashMap<String, Column> columns = new LinkedHashMap<>();

    public Table(String name, @Nullable String parent) {
        this.name = name;
        this.parent = parent;
    }

    public String name() {
        return name;
    }

    /** The parent table's name for a nested table, {@code null} for a root table. */
    public @Nullable String parent() {
        return parent;
    }

    public boolean isNested() {
        return parent != null;
    }

    /** The table's own write disposition; nested tables inherit their root's (see {@link Schema#writeDisposition}). */
    public @Nullable WriteDisposition writeDisposition() {
        return writeDisposition;
    }

    public Table writeDisposition(@Nullable WriteDisposition disposition) {
        this.writeDisposition = disposition;
        return this;
    }

    public @Nullable String resource() {
        return resource;
    }

    public Table resource(@Nullable String resourceName) {
        this.resource = resourceName;
        return this;
    }

    /** dlt's {@code x-normalizer.max_nesting} hint on a root table, overriding the schema-wide setting. */
    public @Nullable Integer maxNesting() {
        return maxNesting;
    }

    public Table maxNesting(@Nullable Integer nesting) {
        this.maxNesting = nesting;
        return this;
    }

    /** dlt's {@code dedup_sort} column hint (at most one per table). */
    public @Nullable DedupSort dedupSort() {
        return dedupSort;
    }

    public Table dedupSort(@Nullable DedupSort sort) {
        this.dedupSort = sort;
        return this;
    }

    /** The table's own schema contract; nested tables inherit their parent's (see {@link Schema#contractFor}). */
    public @Nullable SchemaContract schemaContract() {
        return schemaContract;
    }

    public Table schemaContract(@Nullable SchemaContract contract) {
        this.schemaContract = contract;
        return this;
    }

    /** The columns carrying a hint, in table order. */
    public List<Column> columnsWith(ColumnHint hint) {
        List<Column> hinted = new ArrayList<>();
        for (Column column : columns.values()) {
            if (column.has(hint)) {
                hinted.add(column);
            }
        }
        return hinted;
    }

    /**
     * dlt's {@code x-normalizer.evolve-columns-once}: the table was new when its resource was extracted, so its first
     * data defines its columns whatever the columns contract says (columns declared in code do not make it old).
     */
    public boolean evolveColumnsOnce() {
        return evolveColumnsOnce;
    }

    public Table evolveColumnsOnce(boolean once) {
        this.evolveColumnsOnce = once;
        return this;
    }

    /** dlt's new-table rule: no columns with a type yet, or marked new at extract. */
    public boolean isNew() {
        return evolveColumnsOnce || completeColumns().isEmpty();
    }

    /** dlt's {@code x-normalizer.seen-data}: rows have been normalized into this table. */
    public boolean seenData() {
        return seenData;
    }

    public Table seenData(boolean seen) {
        this.seenData = seen;
        return this;
    }

    public @Nullable Column column(String columnName) {
        return columns.get(columnName);
    }

    /** Columns in destination order: the order they were first seen, declared columns first. */
    public Collection<Column> columns() {
        return columns.values();
    }

    /** Columns that have a data type, i.e. the ones that exist in the destination. */
    public List<Column> completeColumns() {
        List<Column> complete = new ArrayList<>(columns.size());
        for (Column column : columns.values()) {
            if (column.isComplete()) {
                complete.add(column);
            }
        }
        return complete;
    }

    /** Forgets a column, e.g. one only an aborted load package brought. */
    public Table removeColumn(String columnName) {
        columns.remove(columnName);
        return this;
    }

    /** Adds the column at the end, or replaces the column of that name where it stands. */
    public Table putColumn(Column column) {
        columns.put(column.name(), column);
        return this;
    }

    Map<String, Column> columnMap() {
        return columns;
    }

    public Table copy() {
        Table copy = new Table(name, parent);
        copy.writeDisposition = writeDisposition;
        copy.resource = resource;
        copy.maxNesting = maxNesting;
        copy.dedupSort = dedupSort;
        copy.schemaContract = schemaContract;
        copy.seenData = seenData;
        copy.evolveColumnsOnce = evolveColumnsOnce;
        copy.columns.putAll(columns);
        return copy;
    }
}
