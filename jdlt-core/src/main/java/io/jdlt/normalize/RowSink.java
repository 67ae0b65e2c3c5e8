package io.jdlt.normalize;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/** Receives the rows the relational normalizer makes of one item, parents before their children. */
@FunctionalInterface
public interface RowSink {

    /**
     * @param tableName the normalized table the row belongs to
     * @param parentTableName the parent table for a nested row, {@code null} for a root row
     * @param row column name to value, {@code null} values included (they never create columns)
     * @return whether the row was kept; a discarded row's nested rows are not produced
     */
    boolean accept(String tableName, @Nullable String parentTableName, Map<String, @Nullable Object> row);
}
