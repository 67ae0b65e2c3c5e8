package io.jdlt.normalize;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.jdlt.schema.Column;
import io.jdlt.schema.ColumnHint;
import io.jdlt.schema.DataType;
import io.jdlt.schema.Schema;
import io.jdlt.schema.Table;
import io.jdlt.schema.WriteDisposition;
import org.jspecify.annotations.Nullable;

/**
 * Fits normalized rows into the schema: creates tables and columns on first sight (inferring types, §3.2–3.3),
 * coerces values into existing columns (§3.4), drops nulls (§3.5), and sends values that do not fit into variant
 * columns {@code <column>__v_<type>} (§3.6).
 */
final class RowCoercer {

    private final Schema schema;
    private final Map<String, Set<String>> nullOnlyColumns = new TreeMap<>();

    RowCoercer(Schema schema) {
        this.schema = schema;
    }

    /** The row as it is written: columns in the row's order, values in their column's type, no nulls. */
    Map<String, Object> coerce(String tableName, @Nullable String parentTableName, Map<String, @Nullable Object> row) {
        Table table = schema.table(tableName);
        if (table == null) {
            table = schema.putTable(new Table(tableName, parentTableName));
            if (parentTableName == null) {
                table.writeDisposition(WriteDisposition.APPEND);
            }
        }
        table.seenData(true);
        Map<String, Object> out = new LinkedHashMap<>(row.size() * 2);
        for (Map.Entry<String, @Nullable Object> entry : row.entrySet()) {
            String columnName = entry.getKey();
            Object value = entry.getValue();
            Column column = table.column(columnName);
            if (value == null) {
                if (column != null && column.isComplete() && !column.nullable()) {
                    throw new NormalizeException("Table '" + tableName + "', column '" + columnName + "' ("
                            + column.dataType() + ", not nullable) received a null value");
                }
                if (column == null || !column.isComplete()) {
                    nullOnlyColumns.computeIfAbsent(tableName, t -> new LinkedHashSet<>()).add(columnName);
                }
                continue;
            }
            DataType valueType = ValueTypes.typeOf(value);
            if (column != null && column.isComplete()) {
                try {
                    out.put(columnName, Coercion.coerce(column.dataType(), valueType, value));
                }
                catch (CoercionException ex) {
                    putVariant(table, column, valueType, value, out);
                }
            }
            else {
                DataType type = ValueTypes.inferNewColumnType(value);
                Column created = column != null ? column.withDataType(type) : newColumn(table, columnName, type);
                table.putColumn(created);
                out.put(columnName, coerceInto(table, created, valueType, value));
                removeNullOnly(tableName, columnName);
            }
        }
        return out;
    }

    /** Columns that only ever received nulls in this run, by table: dlt warns that they are not created. */
    Map<String, Set<String>> nullOnlyColumns() {
        Map<String, Set<String>> stillMissing = new TreeMap<>();
        nullOnlyColumns.forEach((tableName, columns) -> {
            Table table = schema.table(tableName);
            for (String columnName : columns) {
                Column column = table == null ? null : table.column(columnName);
                if (column == null || !column.isComplete()) {
                    stillMissing.computeIfAbsent(tableName, t -> new LinkedHashSet<>()).add(columnName);
                }
            }
        });
        return stillMissing;
    }

    private void removeNullOnly(String tableName, String columnName) {
        Set<String> columns = nullOnlyColumns.get(tableName);
        if (columns != null) {
            columns.remove(columnName);
        }
    }

    private void putVariant(Table table, Column column, DataType valueType, Object value, Map<String, Object> out) {
        String variantName = schema.naming().shortenFragments(column.name(), "v_" + valueType.dltName());
        Column variant = table.column(variantName);
        if (variant == null || !variant.isComplete()) {
            // a variant column takes the value's own type: no detection, as in dlt
            variant = new Column(variantName, valueType, true, EnumSet.of(ColumnHint.VARIANT));
            table.putColumn(variant);
        }
        out.put(variantName, coerceInto(table, variant, valueType, value));
    }

    private static Object coerceInto(Table table, Column column, DataType valueType, Object value) {
        try {
            return Coercion.coerce(column.dataType(), valueType, value);
        }
        catch (CoercionException ex) {
            throw new NormalizeException("Table '" + table.name() + "', column '" + column.name() + "' has type "
                    + column.dataType() + " and cannot take the " + valueType + " value " + abbreviate(value)
                    + ", not even in a variant column");
        }
    }

    /** dlt's default hints, applied by column name: its own columns are keys and never null. */
    private Column newColumn(Table table, String name, DataType type) {
        return switch (name) {
            // in an scd2 root table _dlt_id is the row version: the same version may appear again after retirement
            case Schema.ROW_ID -> !table.isNested() && schema.writeDisposition(table.name()).scd2() != null
                    ? new Column(name, type, false, Set.of())
                    : new Column(name, type, false, EnumSet.of(ColumnHint.UNIQUE, ColumnHint.ROW_KEY));
            case Schema.PARENT_ID -> new Column(name, type, false, EnumSet.of(ColumnHint.PARENT_KEY));
            case Schema.ROOT_ID -> new Column(name, type, false, EnumSet.of(ColumnHint.ROOT_KEY));
            case Schema.LIST_INDEX, Schema.LOAD_ID -> new Column(name, type, false, Set.of());
            default -> Column.of(name, type);
        };
    }

    private static String abbreviate(Object value) {
        String text = String.valueOf(value);
        return text.length() > 80 ? "'" + text.substring(0, 77) + "...'" : "'" + text + "'";
    }
}
