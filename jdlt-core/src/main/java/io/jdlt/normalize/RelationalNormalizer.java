package io.jdlt.normalize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jdlt.schema.Column;
import io.jdlt.schema.DataType;
import io.jdlt.schema.Digests;
import io.jdlt.schema.NamingConvention;
import io.jdlt.schema.Schema;
import io.jdlt.schema.SnakeCaseNaming;
import io.jdlt.schema.Table;
import org.jspecify.annotations.Nullable;

/**
 * dlt's relational JSON normalizer (reference §2.4 and §2.5): flattens nested objects into {@code a__b} columns,
 * turns lists into nested tables linked by {@code _dlt_parent_id} / {@code _dlt_list_idx}, and stores what lies
 * deeper than {@code max_table_nesting} as JSON.
 */
public final class RelationalNormalizer {

    static final String EMPTY_KEY = "_empty";
    static final String VALUE = "value";
    static final String LIST = "list";

    private final Schema schema;
    private final NamingConvention naming;

    public RelationalNormalizer(Schema schema) {
        this.schema = schema;
        this.naming = schema.naming();
    }

    /**
     * Normalizes one extracted item into rows of {@code rootTable} and its nested tables.
     *
     * @param item a map, or any other value, which becomes a row with one {@code value} column
     */
    @SuppressWarnings("unchecked")
    public void normalize(@Nullable Object item, String loadId, String rootTable, RowSink sink) {
        Map<String, @Nullable Object> row;
        if (item instanceof Map<?, ?> map) {
            row = (Map<String, @Nullable Object>) map;
        }
        else {
            row = new LinkedHashMap<>();
            row.put(VALUE, item);
        }
        row.put(Schema.LOAD_ID, loadId);
        int maxNesting = schema.table(rootTable) == null ? schema.maxNesting() : schema.maxNestingOf(rootTable);
        new ItemWalk(maxNesting, sink).row(row, Map.of(), List.of(rootTable), List.of(), null, 0, 0);
    }

    /** The state of normalizing one item: its nesting limit and where rows go. */
    private final class ItemWalk {

        private final int maxNesting;
        private final RowSink sink;

        ItemWalk(int maxNesting, RowSink sink) {
            this.maxNesting = maxNesting;
            this.sink = sink;
        }

        void row(Map<String, @Nullable Object> dictRow, Map<String, Object> extend, List<String> identPath,
                List<String> parentPath, @Nullable String parentRowId, int position, int level) {
            String table = tableName(parentPath, identPath);
            Map<String, @Nullable Object> flat = new LinkedHashMap<>();
            Map<List<String>, List<?>> lists = new LinkedHashMap<>();
            flatten(table, dictRow, level, List.of(), flat, lists);
            flat.putAll(extend);
            Object rowId = flat.get(Schema.ROW_ID);
            if (!isTruthy(rowId)) {
                if (parentRowId == null) {
                    rowId = Digests.randomRowId();
                }
                else {
                    rowId = Digests.childRowId(parentRowId, table, position);
                    flat.put(Schema.PARENT_ID, parentRowId);
                    flat.put(Schema.LIST_INDEX, (long) position);
                }
                flat.put(Schema.ROW_ID, rowId);
            }
            sink.accept(table, parentPath.isEmpty() ? null : tableName(parentPath, List.of()), flat);
            List<String> childParentPath = concat(parentPath, identPath);
            for (Map.Entry<List<String>, List<?>> list : lists.entrySet()) {
                list(list.getValue(), extend, list.getKey(), childParentPath, String.valueOf(rowId), level + 1);
            }
        }

        @SuppressWarnings("unchecked")
        private void list(List<?> items, Map<String, Object> extend, List<String> identPath, List<String> parentPath,
                String parentRowId, int level) {
            String table = tableName(parentPath, identPath);
            for (int index = 0; index < items.size(); index++) {
                Object item = items.get(index);
                if (item instanceof Map<?, ?> map) {
                    row((Map<String, @Nullable Object>) map, extend, identPath, parentPath, parentRowId, index, level);
                }
                else if (item instanceof List<?> nested) {
                    // a list of lists: each inner list becomes a row of this table whose "list" is a nested table
                    Map<String, @Nullable Object> wrapper = new LinkedHashMap<>();
                    wrapper.put(LIST, nested);
                    row(wrapper, extend, identPath, parentPath, parentRowId, index, level + 1);
                }
                else {
                    // column order as dlt's: value, propagated columns, parent link, position, row key
                    Map<String, @Nullable Object> scalarRow = new LinkedHashMap<>();
                    scalarRow.put(VALUE, item);
                    scalarRow.putAll(extend);
                    scalarRow.put(Schema.PARENT_ID, parentRowId);
                    scalarRow.put(Schema.LIST_INDEX, (long) index);
                    scalarRow.put(Schema.ROW_ID, Digests.childRowId(parentRowId, table, index));
                    sink.accept(table, tableName(parentPath, List.of()), scalarRow);
                }
            }
        }

        @SuppressWarnings("unchecked")
        private void flatten(String table, Map<String, @Nullable Object> dict, int level, List<String> path,
                Map<String, @Nullable Object> flat, Map<List<String>, List<?>> lists) {
            for (Map.Entry<String, @Nullable Object> entry : dict.entrySet()) {
                String normalizedKey = normalizeKey(entry.getKey());
                String nestedName = path.isEmpty() ? normalizedKey : naming.shortenFragments(concatArray(path, normalizedKey));
                Object value = entry.getValue();
                if ((value instanceof Map || value instanceof List) && !isNestedType(table, nestedName, level)) {
                    if (value instanceof Map<?, ?> map) {
                        flatten(table, (Map<String, @Nullable Object>) map, level + 1, concat(path, List.of(normalizedKey)),
                                flat, lists);
                    }
                    else {
                        lists.put(concat(path, List.of(normalizedKey)), (List<?>) value);
                    }
                    continue;
                }
                flat.put(nestedName, value);
            }
        }

        /** A dict or list reached here is stored as JSON: below the nesting limit, or in a json column. */
        private boolean isNestedType(String table, String columnName, int level) {
            if (level + 1 > maxNesting) {
                return true;
            }
            Table existing = schema.table(table);
            Column column = existing == null ? null : existing.column(columnName);
            return column != null && column.dataType() == DataType.JSON;
        }
    }

    private String normalizeKey(String key) {
        if (SnakeCaseNaming.pythonStrip(key).isEmpty()) {
            return EMPTY_KEY;
        }
        String normalized = naming.normalizePath(key);
        return normalized.isEmpty() ? EMPTY_KEY : normalized;
    }

    private String tableName(List<String> parentPath, List<String> identPath) {
        List<String> fragments = concat(parentPath, identPath);
        return naming.shortenFragments(fragments.toArray(String[]::new));
    }

    private static boolean isTruthy(@Nullable Object value) {
        return value != null && !(value instanceof String s && s.isEmpty()) && !Boolean.FALSE.equals(value);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        List<String> joined = new ArrayList<>(a.size() + b.size());
        joined.addAll(a);
        joined.addAll(b);
        return joined;
    }

    private static String[] concatArray(List<String> path, String last) {
        String[] fragments = path.toArray(new String[path.size() + 1]);
        fragments[path.size()] = last;
        return fragments;
    }
}
