package io.jdlt.normalize;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.jdlt.json.Utf16;
import io.jdlt.schema.Column;
import io.jdlt.schema.ColumnHint;
import io.jdlt.schema.DataType;
import io.jdlt.schema.ContractMode;
import io.jdlt.schema.Schema;
import io.jdlt.schema.SchemaContract;
import io.jdlt.schema.SchemaContractException;
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
    private final @Nullable SchemaContract runContract;
    private final String pipelineName;
    // tables without columns when the package started: their first data defines their columns (dlt's
    // evolve-columns-once), whatever the columns contract says
    private final Set<String> definingColumns = new HashSet<>();
    private final ValueWarnings warnings;

    RowCoercer(Schema schema) {
        this(schema, null, "", new ValueWarnings());
    }

    RowCoercer(Schema schema, @Nullable SchemaContract runContract, String pipelineName, ValueWarnings warnings) {
        this.schema = schema;
        this.warnings = warnings;
        this.runContract = runContract;
        this.pipelineName = pipelineName;
        for (Table table : schema.tables()) {
            if (table.isNew()) {
                definingColumns.add(table.name());
            }
        }
    }

    /**
     * The row as it is written: columns in the row's order, values in their column's type, no nulls; or
     * {@code null} when the schema contract discards the row (its nested rows go with it). The row itself is
     * changed into it.
     */
    @Nullable Map<String, Object> coerce(String tableName, @Nullable String parentTableName,
            Map<String, @Nullable Object> row) {
        Table table = schema.table(tableName);
        boolean dltTable = Schema.isSystemTable(tableName);
        SchemaContract contract = schema.contractFor(table != null || parentTableName == null ? tableName
                : parentTableName, runContract);
        // dlt's new-table rule: a table that does not exist or has no columns yet
        if (table == null || table.isNew()) {
            if (!dltTable && contract.tables() != ContractMode.EVOLVE) {
                if (contract.tables() == ContractMode.FREEZE) {
                    throw refused("tables", contract, tableName, null, null, null);
                }
                return null;
            }
            if (table == null) {
                table = schema.putTable(new Table(tableName, parentTableName));
                if (parentTableName == null) {
                    table.writeDisposition(WriteDisposition.APPEND);
                }
                definingColumns.add(tableName);
            }
        }
        boolean columnsEvolve = dltTable || definingColumns.contains(tableName)
                || contract.columns() == ContractMode.EVOLVE;
        // the row is coerced in place (no copy per row): nulls and discarded values leave it, values are replaced
        // by their coerced form, and a value sent to a variant column moves there once the walk is done
        List<Map.Entry<String, Object>> variants = null;
        // changes to the schema wait until the row is known to stay
        List<Column> newColumns = new ArrayList<>();
        java.util.Iterator<Map.Entry<String, @Nullable Object>> entries = row.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, @Nullable Object> entry = entries.next();
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
                entries.remove();
                continue;
            }
            if (value instanceof String text) {
                int lone = Utf16.loneSurrogates(text);
                if (lone > 0) {
                    value = Utf16.replaceLoneSurrogates(text);
                    entry.setValue(value);
                    warnings.count(ValueWarning.Kind.LONE_SURROGATE_REPLACED, tableName, columnName, lone);
                }
            }
            else if (value instanceof Map || value instanceof List) {
                // a json column's document: JSON has neither NaN nor lone surrogates
                value = validJson(value, tableName, columnName);
                entry.setValue(value);
            }
            else if (value instanceof Double d && !Double.isFinite(d) && column != null && column.isComplete()
                    && column.dataType() != DataType.DOUBLE && !widensToDouble(column)) {
                // only a double column holds NaN and the infinities: elsewhere (text, decimal, bigint, ...) NULL, not
                // a variant column made for them
                if (!column.nullable()) {
                    throw new NormalizeException("Table '" + tableName + "', column '" + columnName + "' ("
                            + column.dataType() + ", not nullable) received " + d + ", which its type cannot hold");
                }
                warnings.count(ValueWarning.Kind.NON_FINITE_AS_NULL, tableName, columnName, 1);
                entries.remove();
                continue;
            }
            DataType valueType = ValueTypes.typeOf(value);
            // inferring a value's type may parse it (a timestamp in a string): only where a widening could follow
            if (column != null && column.isComplete() && column.dataType() != valueType
                    && schema.allowsWideningFrom(column.type())
                    && schema.allowsWidening(column.type(), ValueTypes.inferNewColumnType(value))) {
                // the schema allows this change of type: the column widens (an ALTER at load) before a value of the
                // wider type is narrowed or sent to a variant column; a data type change, so the contract decides
                ContractMode mode = contract.dataType();
                if (mode == ContractMode.FREEZE) {
                    throw refused("data_type", contract, tableName, columnName, column.dataType(), valueType);
                }
                if (mode == ContractMode.DISCARD_ROW) {
                    return null;
                }
                if (mode == ContractMode.DISCARD_VALUE) {
                    entries.remove();
                    continue;
                }
                Column widened = column.withDataType(ValueTypes.inferNewColumnType(value)).withPrecision(null, null);
                newColumns.add(widened);
                entry.setValue(coerceInto(table, widened, valueType, value));
                continue;
            }
            if (column != null && column.isComplete()) {
                try {
                    Object coerced = Coercion.coerce(column.type(), valueType, value);
                    if (coerced instanceof java.math.BigDecimal decimal && column.dataType() == DataType.DECIMAL) {
                        if (!Decimals.fits(decimal, column)) {
                            // the destination would refuse it at load: like any value the column cannot take, it
                            // goes to a variant column, losslessly
                            throw new CoercionException("the decimal " + decimal + " exceeds "
                                    + Decimals.describe(column));
                        }
                        if (Decimals.isRounded(decimal, column)) {
                            warnings.count(ValueWarning.Kind.DECIMAL_ROUNDED, tableName, column.name(), 1);
                        }
                    }
                    entry.setValue(coerced);
                }
                catch (CoercionException ex) {
                    DataType variantType = valueType;
                    if (valueType == DataType.DECIMAL && !Decimals.fitsDefault((java.math.BigDecimal) value)) {
                        // a variant decimal column has the default precision: a value that exceeds it too is text
                        variantType = DataType.TEXT;
                    }
                    String variantName = schema.naming().shortenFragments(column.name(), "v_" + variantType.dltName());
                    Column variant = table.column(variantName);
                    if (variant == null || !variant.isComplete()) {
                        ContractMode mode = columnName.startsWith("_dlt") ? ContractMode.EVOLVE : contract.dataType();
                        if (mode == ContractMode.FREEZE) {
                            throw refused("data_type", contract, tableName, columnName, column.dataType(), valueType);
                        }
                        if (mode == ContractMode.DISCARD_ROW) {
                            return null;
                        }
                        if (mode == ContractMode.DISCARD_VALUE) {
                            entries.remove();
                            continue;
                        }
                        // a variant column takes the value's own type: no detection, as in dlt
                        variant = new Column(variantName, variantType, true, EnumSet.of(ColumnHint.VARIANT));
                        newColumns.add(variant);
                    }
                    entries.remove();
                    if (variants == null) {
                        variants = new ArrayList<>();
                    }
                    variants.add(Map.entry(variantName, coerceInto(table, variant, valueType, value)));
                }
            }
            else {
                boolean declared = column != null;
                if (!declared && !columnsEvolve && !columnName.startsWith("_dlt")) {
                    if (contract.columns() == ContractMode.FREEZE) {
                        throw refused("columns", contract, tableName, columnName, null, ValueTypes.typeOf(value));
                    }
                    if (contract.columns() == ContractMode.DISCARD_ROW) {
                        return null;
                    }
                    entries.remove();
                    continue;
                }
                DataType type = ValueTypes.inferNewColumnType(value);
                if (type == DataType.DECIMAL && !Decimals.fitsDefault((java.math.BigDecimal) value)) {
                    // more integer digits than decimal(38,9) holds, the default decimal of every destination: the
                    // column is text, as for integers too big for wei, so that the value loads exactly
                    type = DataType.TEXT;
                }
                Column created = column != null ? column.withDataType(type) : newColumn(table, columnName, type);
                newColumns.add(created);
                entry.setValue(coerceInto(table, created, valueType, value));
            }
        }
        for (Column created : newColumns) {
            table.putColumn(created);
            removeNullOnly(tableName, created.name());
        }
        if (variants != null) {
            for (Map.Entry<String, Object> variant : variants) {
                row.put(variant.getKey(), variant.getValue());
            }
        }
        table.seenData(true);
        @SuppressWarnings("unchecked")
        Map<String, Object> coerced = (Map<String, Object>) (Map<String, ?>) row;
        return coerced;
    }

    /** A bigint column that the schema widens to double when a double arrives: it will hold NaN. */
    private boolean widensToDouble(Column column) {
        return schema.allowsWideningFrom(column.type()) && schema.allowsWidening(column.type(), DataType.DOUBLE);
    }

    /**
     * A json document as JSON can hold it: NaN and infinities become null, lone surrogates in strings and keys
     * U+FFFD, each counted. The document is copied only where something changes.
     */
    private Object validJson(Object value, String tableName, String columnName) {
        if (value instanceof String text) {
            int lone = Utf16.loneSurrogates(text);
            if (lone == 0) {
                return text;
            }
            warnings.count(ValueWarning.Kind.LONE_SURROGATE_REPLACED, tableName, columnName, lone);
            return Utf16.replaceLoneSurrogates(text);
        }
        if (value instanceof Double d && !Double.isFinite(d)) {
            warnings.count(ValueWarning.Kind.NON_FINITE_AS_NULL, tableName, columnName, 1);
            return NULL_IN_JSON;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = null;
            for (int i = 0; i < list.size(); i++) {
                Object item = list.get(i);
                Object valid = item == null ? null : validJson(item, tableName, columnName);
                if (valid != item && copy == null) {
                    copy = new ArrayList<>(list);
                }
                if (copy != null) {
                    copy.set(i, valid == NULL_IN_JSON ? null : valid);
                }
            }
            return copy == null ? list : copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = null;
            int seen = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                Object item = entry.getValue();
                Object valid = item == null ? null : validJson(item, tableName, columnName);
                String validKey = key;
                if (Utf16.isReplacedKey(key)) {
                    // extract replaced lone surrogates in the key: count them, drop the mark
                    validKey = key.substring(0, key.length() - 1);
                    warnings.count(ValueWarning.Kind.LONE_SURROGATE_REPLACED, tableName, columnName,
                            validKey.chars().filter(c -> c == Utf16.REPLACEMENT).count());
                }
                if ((valid != item || !validKey.equals(key)) && copy == null) {
                    // the entries before this one, unchanged
                    copy = new LinkedHashMap<>();
                    int index = 0;
                    for (Map.Entry<?, ?> earlier : map.entrySet()) {
                        if (index++ == seen) {
                            break;
                        }
                        copy.put(String.valueOf(earlier.getKey()), earlier.getValue());
                    }
                }
                if (copy != null) {
                    copy.put(validKey, valid == NULL_IN_JSON ? null : valid);
                }
                seen++;
            }
            return copy == null ? map : copy;
        }
        return value;
    }

    /** Stands for a JSON null that replaced a value (a null item of a document is not a change). */
    private static final Object NULL_IN_JSON = new Object();

    private SchemaContractException refused(String entity, SchemaContract contract, String tableName,
            @Nullable String columnName, @Nullable DataType storedType, @Nullable DataType incomingType) {
        StringBuilder message = new StringBuilder("Pipeline '").append(pipelineName).append("': the schema contract ")
                .append(contract).append(" freezes ").append(entity).append(": table '").append(tableName).append("'");
        if (columnName != null) {
            message.append(", column '").append(columnName).append("'");
        }
        if (storedType != null) {
            message.append(", stored type ").append(storedType);
        }
        if (incomingType != null) {
            message.append(", incoming type ").append(incomingType);
        }
        message.append(entity.equals("tables") ? " is a new table" : entity.equals("columns") ? " is a new column"
                : " needs a variant column").append(". Nothing of this load package is loaded.");
        return new SchemaContractException(message.toString(), entity, tableName, columnName);
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

    private static Object coerceInto(Table table, Column column, DataType valueType, Object value) {
        try {
            return Coercion.coerce(column.type(), valueType, value);
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
