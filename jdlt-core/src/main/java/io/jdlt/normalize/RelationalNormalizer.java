package io.jdlt.normalize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.TreeMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jdlt.json.Json;
import io.jdlt.json.Utf16;
import io.jdlt.schema.Column;
import io.jdlt.schema.ColumnHint;
import io.jdlt.schema.MergeStrategy;
import io.jdlt.schema.WriteDisposition;
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
    private final Map<String, RootRules> rootRules = new HashMap<>();
    private static final int NAME_CACHE_SIZE = 10_000;
    private final Map<String, String> keyCache = new HashMap<>();
    private final Map<List<String>, String> tableNameCache = new HashMap<>();
    private final Map<List<String>, Map<String, String>> nestedNameCache = new HashMap<>();

    private final ValueWarnings warnings;

    public RelationalNormalizer(Schema schema) {
        this(schema, new ValueWarnings());
    }

    RelationalNormalizer(Schema schema, ValueWarnings warnings) {
        this.schema = schema;
        this.naming = schema.naming();
        this.warnings = warnings;
    }

    /** How root rows of a table get their {@code _dlt_id} (reference §2.4 step 5). */
    private enum RowIdKind {
        /** 10 random bytes: append, replace, delete-insert. */
        RANDOM,
        /** a hash of the primary key: upsert and insert-only, so nested ids stay stable across loads. */
        KEY_HASH,
        /** a hash of the whole record: scd2, where {@code _dlt_id} is the row version. */
        ROW_HASH
    }

    /**
     * What a root table's write disposition asks of the normalizer.
     *
     * @param rowIdKind how root rows get their row key
     * @param primaryKey the primary key columns, for {@link RowIdKind#KEY_HASH}
     * @param propagateRootKey whether nested rows get {@code _dlt_root_id}: for every merge strategy (dlt leaves scd2
     *         nested rows without it, dlt#4047) and for chains that already have the column
     */
    private record RootRules(RowIdKind rowIdKind, List<String> primaryKey, boolean propagateRootKey) {
    }

    private RootRules rulesFor(String rootTable) {
        return rootRules.computeIfAbsent(rootTable, name -> {
            Table root = schema.table(name);
            if (root == null) {
                return new RootRules(RowIdKind.RANDOM, List.of(), false);
            }
            WriteDisposition disposition = schema.writeDisposition(name);
            RowIdKind kind = RowIdKind.RANDOM;
            if (disposition.is(MergeStrategy.UPSERT) || disposition.is(MergeStrategy.INSERT_ONLY)) {
                kind = RowIdKind.KEY_HASH;
            }
            else if (disposition.scd2() != null && disposition.scd2().rowVersionColumn() == null) {
                kind = RowIdKind.ROW_HASH;
            }
            boolean chainHasRootKey = schema.tables().stream().anyMatch(t -> t.isNested()
                    && schema.rootTable(t.name()).name().equals(name) && t.column(Schema.ROOT_ID) != null);
            List<String> primaryKey = root.columnsWith(ColumnHint.PRIMARY_KEY).stream().map(Column::name).toList();
            return new RootRules(kind, primaryKey, disposition.isMerge() || chainHasRootKey);
        });
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
        int maxNesting = schema.table(rootTable) == null ? schema.maxNesting() : schema.maxNestingOf(rootTable);
        new ItemWalk(maxNesting, rulesFor(rootTable), loadId, sink).row(row, Map.of(), List.of(rootTable), List.of(),
                null, 0, 0);
    }

    /** The state of normalizing one item: its nesting limit and where rows go. */
    private final class ItemWalk {

        private final int maxNesting;
        private final RootRules rules;
        private final String loadId;
        private final RowSink sink;
        private boolean collided;

        ItemWalk(int maxNesting, RootRules rules, String loadId, RowSink sink) {
            this.maxNesting = maxNesting;
            this.rules = rules;
            this.loadId = loadId;
            this.sink = sink;
        }

        void row(Map<String, @Nullable Object> dictRow, Map<String, Object> extend, List<String> identPath,
                List<String> parentPath, @Nullable String parentRowId, int position, int level) {
            String table = tableName(parentPath, identPath);
            // room for the row's own keys and dlt's few, so that the map is not rehashed while it fills
            Map<String, @Nullable Object> flat = new LinkedHashMap<>(Math.max(16, (dictRow.size() + 6) * 4 / 3 + 1));
            Map<List<String>, List<?>> lists = new LinkedHashMap<>();
            flatten(table, dictRow, level, List.of(), flat, lists);
            if (collided) {
                collided = false;
                reportCollisions(table, dictRow, level);
            }
            if (parentRowId == null) {
                // dlt adds the load id to the item, after its own keys: the root row's column after its data
                flat.put(Schema.LOAD_ID, loadId);
            }
            flat.putAll(extend);
            Object rowId = flat.get(Schema.ROW_ID);
            if (!isTruthy(rowId)) {
                if (parentRowId == null) {
                    rowId = rootRowId(table, dictRow, flat);
                }
                else {
                    rowId = Digests.childRowId(parentRowId, table, position);
                    flat.put(Schema.PARENT_ID, parentRowId);
                    flat.put(Schema.LIST_INDEX, (long) position);
                }
                flat.put(Schema.ROW_ID, rowId);
            }
            if (!sink.accept(table, parentPath.isEmpty() ? null : tableName(parentPath, List.of()), flat)) {
                return;
            }
            if (parentRowId == null && rules.propagateRootKey()) {
                extend = Map.of(Schema.ROOT_ID, rowId);
            }
            List<String> childParentPath = concat(parentPath, identPath);
            for (Map.Entry<List<String>, List<?>> list : lists.entrySet()) {
                list(list.getValue(), extend, list.getKey(), childParentPath, String.valueOf(rowId), level + 1);
            }
        }

        private String rootRowId(String table, Map<String, @Nullable Object> dictRow, Map<String, @Nullable Object> flat) {
            switch (rules.rowIdKind()) {
                case KEY_HASH -> {
                    // dlt: digest128b(json_dumpb({pk: flattened_row[pk]}, sort_keys=True), 10)
                    Map<String, Object> key = new TreeMap<>();
                    for (String column : rules.primaryKey()) {
                        Object value = flat.get(column);
                        if (value == null) {
                            throw new NormalizeException("Table '" + table + "': primary key column '" + column
                                    + "' is missing or null in a row; the merge strategy needs it in every row");
                        }
                        key.put(column, asColumnType(table, column, value));
                    }
                    return Digests.digest128(Json.sortedCompactBytes(key), Digests.DLT_ID_LENGTH_BYTES);
                }
                case ROW_HASH -> {
                    // dlt: a hash of the record as it came, without dlt's own keys, nested lists included
                    Map<String, Object> content = new TreeMap<>();
                    dictRow.forEach((k, v) -> {
                        if (!k.startsWith("_dlt")) {
                            content.put(k, v);
                        }
                    });
                    return Digests.digest128(Json.sortedCompactBytes(content), Digests.DLT_ID_LENGTH_BYTES);
                }
                default -> {
                    return Digests.randomRowId();
                }
            }
        }

        /**
         * The key value as its column stores it, so that {@code 1} and {@code "1"} hash alike and a key keeps its
         * row id (and its nested rows) whatever type a source sends it as.
         */
        private Object asColumnType(String table, String column, Object value) {
            Table existing = schema.table(table);
            Column declared = existing == null ? null : existing.column(column);
            if (declared == null || !declared.isComplete()) {
                return value;
            }
            try {
                return Coercion.coerce(declared.type(), ValueTypes.typeOf(value), value);
            }
            catch (CoercionException | IllegalArgumentException ex) {
                return value;
            }
        }

        @SuppressWarnings("unchecked")
        private void list(List<?> items, Map<String, Object> extend, List<String> identPath, List<String> parentPath,
                String parentRowId, int level) {
            String table = tableName(parentPath, identPath);
            String parentTable = tableName(parentPath, List.of());
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
                    sink.accept(table, parentTable, scalarRow);
                }
            }
        }

        @SuppressWarnings("unchecked")
        private void flatten(String table, Map<String, @Nullable Object> dict, int level, List<String> path,
                Map<String, @Nullable Object> flat, Map<List<String>, List<?>> lists) {
            for (Map.Entry<String, @Nullable Object> entry : dict.entrySet()) {
                String normalizedKey = normalizeKey(table, entry.getKey());
                String nestedName = nestedName(path, normalizedKey);
                Object value = entry.getValue();
                if ((value instanceof Map || value instanceof List) && !isNestedType(table, nestedName, level)) {
                    if (value instanceof Map<?, ?> map) {
                        flatten(table, (Map<String, @Nullable Object>) map, level + 1, concat(path, List.of(normalizedKey)),
                                flat, lists);
                    }
                    else if (lists.put(concat(path, List.of(normalizedKey)), (List<?>) value) != null) {
                        collided = true;
                    }
                    continue;
                }
                int columns = flat.size();
                flat.put(nestedName, value);
                // a key whose column another key of the item already filled: rare, reported once the row is flat
                collided |= flat.size() == columns;
            }
        }

        /**
         * Keys that name the same column ({@code a"b} and {@code a'b} are both {@code a_b}, {@code a__b} is also
         * {@code a: {b}}) leave fewer columns than the keys would make: the last value was kept, as in dlt; each such
         * column is reported with its source keys. Only rows with a collision get here.
         */
        private void reportCollisions(String table, Map<String, @Nullable Object> dictRow, int level) {
            Map<String, List<String>> sources = new LinkedHashMap<>();
            collectSources(table, dictRow, level, List.of(), "", sources);
            sources.forEach((column, keys) -> {
                if (keys.size() > 1) {
                    warnings.collision(table, column, keys);
                }
            });
        }

        @SuppressWarnings("unchecked")
        private void collectSources(String table, Map<String, @Nullable Object> dict, int level, List<String> path,
                String sourcePrefix, Map<String, List<String>> sources) {
            for (Map.Entry<String, @Nullable Object> entry : dict.entrySet()) {
                String normalizedKey = normalizeKey(table, entry.getKey());
                String nestedName = nestedName(path, normalizedKey);
                String source = sourcePrefix + entry.getKey();
                Object value = entry.getValue();
                boolean flattened = (value instanceof Map || value instanceof List)
                        && !isNestedType(table, nestedName, level);
                if (flattened && value instanceof Map<?, ?> map) {
                    collectSources(table, (Map<String, @Nullable Object>) map, level + 1,
                            concat(path, List.of(normalizedKey)), source + ".", sources);
                    continue;
                }
                // a list that becomes a nested table collides with another list of the same name, not with a column
                String target = flattened ? table + "__" + nestedName : nestedName;
                sources.computeIfAbsent(target, k -> new ArrayList<>()).add(source);
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

    private String normalizeKey(String table, String key) {
        String cached = keyCache.get(key);
        if (cached != null) {
            return cached;
        }
        if (Utf16.isReplacedKey(key)) {
            // extract replaced lone surrogates in the key (a JSON name cannot hold them): each such key is counted
            // against its column, so it is not cached
            String fixed = key.substring(0, key.length() - 1);
            String normalized = normalizeKey(table, fixed);
            warnings.count(ValueWarning.Kind.LONE_SURROGATE_REPLACED, table, normalized,
                    fixed.chars().filter(c -> c == Utf16.REPLACEMENT).count());
            return normalized;
        }
        String normalized = SnakeCaseNaming.pythonStrip(key).isEmpty() ? EMPTY_KEY : naming.normalizePath(key);
        if (normalized.isEmpty()) {
            normalized = EMPTY_KEY;
        }
        remember(keyCache, key, normalized);
        return normalized;
    }

    private String tableName(List<String> parentPath, List<String> identPath) {
        List<String> fragments = concat(parentPath, identPath);
        String cached = tableNameCache.get(fragments);
        if (cached != null) {
            return cached;
        }
        String name = naming.shortenFragments(fragments.toArray(String[]::new));
        remember(tableNameCache, fragments, name);
        return name;
    }

    /** The column name of a key inside nested dicts ({@code user}, {@code address}, {@code city}). */
    private String nestedName(List<String> path, String normalizedKey) {
        if (path.isEmpty()) {
            return normalizedKey;
        }
        Map<String, String> names = nestedNameCache.get(path);
        if (names == null) {
            names = new HashMap<>();
            if (nestedNameCache.size() < NAME_CACHE_SIZE) {
                nestedNameCache.put(path, names);
            }
        }
        String cached = names.get(normalizedKey);
        if (cached != null) {
            return cached;
        }
        String name = naming.shortenFragments(concatArray(path, normalizedKey));
        remember(names, normalizedKey, name);
        return name;
    }

    /**
     * Names repeat from row to row, and computing one costs more than the rest of a row: they are kept, up to a
     * bound, since data with a new key per row (ids as keys) would otherwise grow the caches without end.
     */
    private static <K> void remember(Map<K, String> cache, K key, String value) {
        if (cache.size() < NAME_CACHE_SIZE) {
            cache.put(key, value);
        }
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
