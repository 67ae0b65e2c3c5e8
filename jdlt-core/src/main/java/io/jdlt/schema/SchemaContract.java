package io.jdlt.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * dlt's schema contract (reference §8): what happens when data brings a new table, a new column, or a value that
 * needs a new data type (a variant column). Set on a resource (its table and nested tables), a source (its schema)
 * or a single run; the most specific wins, and a table that has no columns yet may always define them once.
 *
 * @param tables new tables, nested ones included
 * @param columns new columns of a table that has columns
 * @param dataType values that fit no column type (variant columns)
 */
public record SchemaContract(ContractMode tables, ContractMode columns, ContractMode dataType) {

    /** dlt's default: everything evolves. */
    public static final SchemaContract EVOLVE = all(ContractMode.EVOLVE);

    public SchemaContract {
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(dataType, "dataType");
    }

    /** The same mode for all three entities, dlt's shorthand string. */
    public static SchemaContract all(ContractMode mode) {
        return new SchemaContract(mode, mode, mode);
    }

    public SchemaContract withTables(ContractMode mode) {
        return new SchemaContract(mode, columns, dataType);
    }

    public SchemaContract withColumns(ContractMode mode) {
        return new SchemaContract(tables, mode, dataType);
    }

    public SchemaContract withDataType(ContractMode mode) {
        return new SchemaContract(tables, columns, mode);
    }

    Map<String, Object> toDocument() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("tables", tables.dltName());
        document.put("columns", columns.dltName());
        document.put("data_type", dataType.dltName());
        return document;
    }

    static SchemaContract fromDocument(Object document) {
        if (document instanceof String mode) {
            return all(ContractMode.fromDltName(mode));
        }
        Map<?, ?> map = (Map<?, ?>) document;
        return new SchemaContract(mode(map.get("tables")), mode(map.get("columns")), mode(map.get("data_type")));
    }

    private static ContractMode mode(@Nullable Object value) {
        return value == null ? ContractMode.EVOLVE : ContractMode.fromDltName(value.toString());
    }

    /** A document from a run or package state, or {@code null}. */
    public static @Nullable SchemaContract parse(@Nullable Object document) {
        return document == null ? null : fromDocument(document);
    }

    public Map<String, Object> document() {
        return toDocument();
    }
}
