package io.jdlt.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.jdlt.schema.Column;
import io.jdlt.schema.ColumnHint;
import io.jdlt.schema.ContractMode;
import io.jdlt.schema.DataType;
import io.jdlt.schema.DedupSort;
import io.jdlt.schema.MergeStrategy;
import io.jdlt.schema.Scd2Options;
import io.jdlt.schema.Schema;
import io.jdlt.schema.SchemaContract;
import io.jdlt.schema.SchemaContractException;
import io.jdlt.schema.Table;
import io.jdlt.schema.WriteDisposition;
import org.jspecify.annotations.Nullable;

/**
 * A resource's hints applied to its table in the schema (dlt's {@code apply_hints} at extract): the table and its
 * write disposition, nesting and contract, the columns declared in code, compound keys, scd2's validity columns.
 */
final class ResourceTableHints {

    private final Schema schema;
    private final String pipelineName;
    private final @Nullable SchemaContract runContract;

    ResourceTableHints(Schema schema, String pipelineName, @Nullable SchemaContract runContract) {
        this.schema = schema;
        this.pipelineName = pipelineName;
        this.runContract = runContract;
    }

    /**
     * Puts the resource's table and its hints into the schema and returns the normalized table name; a frozen
     * contract refuses a new table here, as dlt does at extract.
     */
    String apply(Resource resource) {
        String requested = resource.tableName() != null ? resource.tableName() : resource.name();
        String tableName = schema.naming().normalizePath(requested);
        Table table = schema.table(tableName);
        // dlt decides whether a table is new before it merges the resource's columns
        boolean isNew = table == null || table.isNew();
        if (table == null) {
            table = schema.putTable(new Table(tableName, null));
        }
        else if (table.isNested()) {
            throw new ExtractException(resource.name(), "its table '" + tableName
                    + "' is already a nested table of '" + table.parent() + "'; give the resource another table name");
        }
        else if (Schema.isSystemTable(tableName)) {
            throw new ExtractException(resource.name(), "table '" + tableName + "' is reserved for jdlt itself");
        }
        ResourceHints hints = resource.hints();
        table.resource(resource.name());
        WriteDisposition disposition = hints.writeDisposition() != null ? hints.writeDisposition()
                : table.writeDisposition() != null ? table.writeDisposition() : WriteDisposition.APPEND;
        if (disposition.scd2() != null) {
            disposition = WriteDisposition.scd2(addValidityColumns(schema, table, disposition.scd2()));
        }
        table.writeDisposition(disposition);
        if (hints.maxTableNesting() != null) {
            table.maxNesting(hints.maxTableNesting());
        }
        if (hints.schemaContract() != null) {
            table.schemaContract(hints.schemaContract());
        }
        if (isNew) {
            table.evolveColumnsOnce(true);
        }
        SchemaContract contract = schema.contractFor(tableName, runContract);
        for (DeclaredColumn declared : hints.columns()) {
            declareColumn(schema, table, declared, isNew ? SchemaContract.EVOLVE : contract, pipelineName);
        }
        // compound hints replace the whole set, as in dlt
        if (!hints.primaryKey().isEmpty()) {
            setKey(schema, table, hints.primaryKey(), ColumnHint.PRIMARY_KEY);
        }
        if (!hints.mergeKey().isEmpty()) {
            setKey(schema, table, hints.mergeKey(), ColumnHint.MERGE_KEY);
        }
        if (hints.hardDeleteColumn() != null) {
            setKey(schema, table, List.of(hints.hardDeleteColumn()), ColumnHint.HARD_DELETE);
        }
        if (hints.dedupSortColumn() != null) {
            String column = schema.naming().normalizePath(hints.dedupSortColumn());
            declare(table, column);
            table.dedupSort(new DedupSort(column, hints.dedupSortDescending()));
        }
        if ((disposition.is(MergeStrategy.UPSERT) || disposition.is(MergeStrategy.INSERT_ONLY))
                && table.columnsWith(ColumnHint.PRIMARY_KEY).isEmpty()) {
            throw new ExtractException(resource.name(), "merge strategy " + java.util.Objects.requireNonNull(
                    disposition.mergeStrategy()).dltName()
                    + " needs a primary key; set one with primaryKey(...)");
        }
        refuseFrozenTable(resource, tableName);
        return tableName;
    }

    private static void setKey(Schema schema, Table table, List<String> columns, ColumnHint hint) {
        for (Column column : List.copyOf(table.columns())) {
            table.putColumn(column.withoutHint(hint));
        }
        for (String key : columns) {
            Column column = declare(table, schema.naming().normalizePath(key)).withHint(hint);
            table.putColumn(hint == ColumnHint.PRIMARY_KEY || hint == ColumnHint.MERGE_KEY ? column.withNullable(false)
                    : column);
        }
    }

    /**
     * Puts a column declared in code into the resource's table or a nested table, creating the tables it needs. A new
     * column of a table that has columns is subject to the columns contract, as data would be; the type and its
     * properties of a column that already has data stay (the destination has them).
     */
    private static void declareColumn(Schema schema, Table root, DeclaredColumn declared, SchemaContract contract,
            String pipelineName) {
        Table target = root;
        List<String> fragments = new ArrayList<>(List.of(root.name()));
        for (String field : declared.nestedPath()) {
            fragments.add(normalizedPath(schema, field));
            String nestedName = schema.naming().shortenFragments(fragments.toArray(String[]::new));
            Table nested = schema.table(nestedName);
            if (nested == null) {
                nested = schema.putTable(new Table(nestedName, target.name()));
            }
            target = nested;
        }
        ColumnSpec spec = declared.spec();
        String name = normalizedPath(schema, declared.name());
        Column existing = target.column(name);
        if ((existing == null || !existing.isComplete()) && spec.dataType() != null
                && contract.columns() != ContractMode.EVOLVE && !target.isNew()) {
            if (contract.columns() == ContractMode.FREEZE) {
                throw new SchemaContractException("Pipeline '" + pipelineName + "': the schema contract " + contract
                        + " freezes columns: table '" + target.name() + "', column '" + name + "' declared in code is a "
                        + "new column", "columns", target.name(), name);
            }
            return;
        }
        Column column = declare(target, name);
        if (!column.isComplete()) {
            if (spec.dataType() != null) {
                column = column.withDataType(spec.dataType());
            }
            if (spec.nullableHint() != null) {
                column = column.withNullable(spec.nullableHint());
            }
            if (spec.precisionHint() != null) {
                column = column.withPrecision(spec.precisionHint(), spec.scaleHint());
            }
            if (spec.timezoneHint() != null) {
                column = column.withTimezone(spec.timezoneHint());
            }
        }
        if (spec.isPrimaryKey()) {
            column = column.withHint(ColumnHint.PRIMARY_KEY).withNullable(false);
        }
        if (spec.isMergeKey()) {
            column = column.withHint(ColumnHint.MERGE_KEY);
        }
        if (spec.isUnique()) {
            column = column.withHint(ColumnHint.UNIQUE);
        }
        if (spec.isHardDelete()) {
            column = column.withHint(ColumnHint.HARD_DELETE);
        }
        if (spec.dedupSortDescending() != null) {
            target.dedupSort(new DedupSort(name, spec.dedupSortDescending()));
        }
        target.putColumn(column);
    }

    /** A column path as the normalizer builds it: each fragment normalized, then joined and shortened. */
    private static String normalizedPath(Schema schema, String path) {
        List<String> fragments = new ArrayList<>();
        for (String fragment : path.split(io.jdlt.schema.NamingConvention.PATH_SEPARATOR)) {
            if (!fragment.isBlank()) {
                fragments.add(schema.naming().normalizeIdentifier(fragment));
            }
        }
        return schema.naming().shortenFragments(fragments.toArray(String[]::new));
    }

    /** The column, created without a type (hints only) if the table does not have it yet. */
    private static Column declare(Table table, String columnName) {
        Column existing = table.column(columnName);
        if (existing != null) {
            return existing;
        }
        Column declared = new Column(columnName, null, true, Set.of());
        table.putColumn(declared);
        return declared;
    }

    /** scd2's validity columns: timestamps, nullable, first in a new table; their names normalized. */
    private static Scd2Options addValidityColumns(Schema schema, Table table, Scd2Options options) {
        String validFrom = schema.naming().normalizePath(options.validFromColumn());
        String validTo = schema.naming().normalizePath(options.validToColumn());
        String rowVersion = options.rowVersionColumn() == null ? null
                : schema.naming().normalizePath(options.rowVersionColumn());
        for (String column : List.of(validFrom, validTo)) {
            Column existing = table.column(column);
            if (existing == null || !existing.isComplete()) {
                table.putColumn(Column.of(column, DataType.TIMESTAMP));
            }
        }
        if (rowVersion != null) {
            // dlt: the row version identifies a version, so it may not be missing
            table.putColumn(declare(table, rowVersion).withNullable(false));
        }
        return new Scd2Options(validFrom, validTo, options.activeRecordTimestamp(), options.boundaryTimestamp(),
                rowVersion);
    }

    /** dlt raises at extract when a frozen contract meets a new table (declared columns do not make it old). */
    private void refuseFrozenTable(Resource resource, String tableName) {
        SchemaContract contract = schema.contractFor(tableName, runContract);
        if (schema.requireTable(tableName).isNew() && contract.tables() == ContractMode.FREEZE) {
            throw new SchemaContractException("Pipeline '" + pipelineName + "', resource '" + resource.name()
                    + "': the schema contract " + contract + " freezes tables: table '" + tableName + "' is a new table",
                    "tables", tableName, null);
        }
    }
}
