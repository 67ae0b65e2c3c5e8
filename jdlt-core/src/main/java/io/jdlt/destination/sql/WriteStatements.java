package io.jdlt.destination.sql;

import static io.jdlt.destination.sql.SqlJobClient.quote;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.jdlt.common.TerminalException;
import io.jdlt.destination.PackageRefusedException;
import io.jdlt.schema.Column;
import io.jdlt.schema.ColumnHint;
import io.jdlt.schema.DataType;
import io.jdlt.schema.DedupSort;
import io.jdlt.schema.MergeStrategy;
import io.jdlt.schema.Scd2Options;
import io.jdlt.schema.Schema;
import io.jdlt.schema.Table;
import io.jdlt.schema.WriteDisposition;
import org.jspecify.annotations.Nullable;

/**
 * The SQL that moves a table chain from its staging copy into the dataset: dlt's follow-up jobs for merge
 * (delete-insert, upsert, insert-only, scd2) and for replace from staging, as in reference §6 and Appendix A.
 * Two things differ on purpose: compound keys are always compared column by column (dlt concatenates scd2 merge keys,
 * dlt#4244), and scd2 nested tables keep {@code _dlt_root_id} (dlt#4047).
 */
final class WriteStatements {

    private static final String ROW_KEY = quote(Schema.ROW_ID);
    private static final DateTimeFormatter TIMESTAMP_LITERAL =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx", Locale.ROOT);

    private final Schema schema;
    private final List<Table> chain;
    private final TableNames names;
    private final String uniqueSuffix;

    /**
     * @param chain the root table and its nested tables, parents first, each as the package's schema has it
     * @param uniqueSuffix makes the names of helper temporary tables unique
     */
    WriteStatements(Schema schema, List<Table> chain, TableNames names, String uniqueSuffix) {
        this.schema = schema;
        this.chain = chain;
        this.names = names;
        this.uniqueSuffix = uniqueSuffix;
    }

    /** replace, insert-from-staging: empty every table of the chain, then copy the staged rows. */
    List<String> replaceFromStaging() {
        List<String> sql = new ArrayList<>();
        for (Table table : chain) {
            sql.add("DELETE FROM " + names.destination(table.name()) + " WHERE 1=1");
            sql.add(insertAll(table) + names.insertOrder(table));
        }
        return sql;
    }

    List<String> merge(OffsetDateTime packageCreatedAt) {
        WriteDisposition disposition = schema.writeDisposition(root().name());
        MergeStrategy strategy = disposition.mergeStrategy();
        if (strategy == null) {
            throw new IllegalStateException("table '" + root().name() + "' is not written with merge");
        }
        return switch (strategy) {
            case DELETE_INSERT -> deleteInsert();
            case UPSERT -> upsert();
            case INSERT_ONLY -> insertOnly();
            case SCD2 -> scd2(disposition.scd2(), packageCreatedAt);
        };
    }

    // ------------------------------------------------------------------------------------------ delete-insert

    private List<String> deleteInsert() {
        Table root = root();
        List<String> primaryKey = keyColumns(root, ColumnHint.PRIMARY_KEY);
        List<String> mergeKey = keyColumns(root, ColumnHint.MERGE_KEY);
        String staged = names.staging(root.name());
        String dest = names.destination(root.name());
        Column hardDelete = hardDeleteColumn(root);
        String notDeleted = hardDelete == null ? "1 = 1" : notDeleted(hardDelete);
        List<String> sql = new ArrayList<>();
        if (primaryKey.isEmpty() && mergeKey.isEmpty()) {
            // dlt: merge without keys is an append through staging, without the rows marked deleted
            sql.add(insertInto(root) + " SELECT " + columnList(root) + " FROM " + staged + " WHERE " + notDeleted
                    + names.insertOrder(root));
            for (Table nested : nested()) {
                sql.add(insertAll(nested) + (hardDelete == null ? "" : " WHERE " + belongsTo(nested,
                        "SELECT " + ROW_KEY + " FROM " + staged + " WHERE " + notDeleted)) + names.insertOrder(nested));
            }
            return sql;
        }
        String keyMatch = keyMatch(primaryKey, mergeKey);
        if (chain.size() == 1) {
            sql.add("DELETE FROM " + dest + " AS d WHERE EXISTS (SELECT 1 FROM " + staged + " AS s WHERE " + keyMatch + ")");
            sql.add(insertInto(root) + " " + (primaryKey.isEmpty()
                    ? "SELECT " + columnList(root) + " FROM " + staged + " WHERE " + notDeleted
                    : dedupSelect(staged, primaryKey, dedupOrder(root), columnList(root), notDeleted))
                    + names.insertOrder(root));
            return sql;
        }
        String deleteTemp = helperTable("del");
        sql.add("CREATE TEMPORARY TABLE " + deleteTemp + " AS SELECT d." + ROW_KEY + " FROM " + dest + " AS d WHERE EXISTS "
                + "(SELECT 1 FROM " + staged + " AS s WHERE " + keyMatch + ")");
        sql.addAll(names.analyze(deleteTemp));
        for (Table nested : nested()) {
            sql.add("DELETE FROM " + names.destination(nested.name()) + " WHERE "
                    + belongsTo(nested, "SELECT * FROM " + deleteTemp));
        }
        sql.add("DELETE FROM " + dest + " WHERE " + ROW_KEY + " IN (SELECT * FROM " + deleteTemp + ")");
        String insertTemp = helperTable("ins");
        String selected = hardDelete == null ? ROW_KEY : ROW_KEY + ", " + quote(hardDelete.name());
        sql.add("CREATE TEMPORARY TABLE " + insertTemp + " AS " + (primaryKey.isEmpty()
                ? "SELECT " + ROW_KEY + " FROM " + staged + " WHERE " + notDeleted
                : "SELECT " + ROW_KEY + " FROM (" + numbered(staged, primaryKey, dedupOrder(root), selected)
                        + ") AS _dlt_dedup_numbered WHERE _dlt_dedup_rn = 1 AND (" + notDeleted + ")"));
        sql.addAll(names.analyze(insertTemp));
        sql.add(insertInto(root) + " SELECT " + columnList(root) + " FROM " + staged + " WHERE " + ROW_KEY
                + " IN (SELECT * FROM " + insertTemp + ")" + names.insertOrder(root));
        for (Table nested : nested()) {
            // nested rows are deduplicated by their own key: a retried job may have staged them twice
            sql.add(insertInto(nested) + " " + dedupSelect(names.staging(nested.name()), List.of(Schema.ROW_ID),
                    "(SELECT NULL)", columnList(nested), belongsTo(nested, "SELECT * FROM " + insertTemp))
                    + names.insertOrder(nested));
        }
        sql.add("DROP TABLE " + deleteTemp);
        sql.add("DROP TABLE " + insertTemp);
        return sql;
    }

    private String keyMatch(List<String> primaryKey, List<String> mergeKey) {
        String pk = columnsEqual(primaryKey, "d", "s");
        String mk = columnsEqual(mergeKey, "d", "s");
        if (pk.isEmpty()) {
            return mk;
        }
        return mk.isEmpty() ? pk : "(" + pk + ") OR (" + mk + ")";
    }

    /**
     * The condition that a nested row belongs to one of the root rows {@code rootIds} selects: by
     * {@code _dlt_root_id}, and for direct children also by the parent link, which is all rows have that were loaded
     * before the chain was merged.
     */
    private String belongsTo(Table nested, String rootIds) {
        boolean hasRootKey = nested.column(Schema.ROOT_ID) != null && nested.column(Schema.ROOT_ID).isComplete();
        boolean directChild = root().name().equals(nested.parent());
        String byParent = quote(Schema.PARENT_ID) + " IN (" + rootIds + ")";
        if (hasRootKey) {
            String byRoot = quote(Schema.ROOT_ID) + " IN (" + rootIds + ")";
            // one IN, never "IN … OR … IN": databases turn a single IN into a hash semi-join, while an OR of two
            // makes PostgreSQL probe a subquery per row, which past work_mem is quadratic (minutes at 1M rows)
            return directChild ? "COALESCE(" + quote(Schema.ROOT_ID) + ", " + quote(Schema.PARENT_ID) + ") IN ("
                    + rootIds + ")" : byRoot;
        }
        if (directChild) {
            return byParent;
        }
        throw new TerminalException("Table '" + nested.name() + "' has no " + Schema.ROOT_ID + " column, so merge "
                + "cannot find the rows that belong to a root row of '" + root().name() + "'. It was created before "
                + "the table was merged; drop it or load the resource with a new table name.");
    }

    /** A helper table of this package, named short enough for any destination's identifier limit. */
    private String helperTable(String purpose) {
        return quote("_dlt_" + purpose + "_" + uniqueSuffix);
    }

    // ------------------------------------------------------------------------------------------ upsert

    /**
     * A query that returns a primary key appearing more than once in the staged rows, which upsert refuses on every
     * destination alike (a MERGE would otherwise insert twice on one and fail on another); {@code null} when the
     * strategy does not need the check.
     */
    @Nullable String duplicateKeyQuery() {
        WriteDisposition disposition = schema.writeDisposition(root().name());
        if (!disposition.is(MergeStrategy.UPSERT)) {
            return null;
        }
        String key = keyColumns(root(), ColumnHint.PRIMARY_KEY).stream().map(SqlJobClient::quote)
                .collect(Collectors.joining(", "));
        return "SELECT " + key + ", count(*) AS n FROM " + names.staging(root().name()) + " GROUP BY " + key
                + " HAVING count(*) > 1";
    }

    private List<String> upsert() {
        Table root = root();
        List<String> primaryKey = requirePrimaryKey(root, MergeStrategy.UPSERT);
        Column hardDelete = hardDeleteColumn(root);
        String staged = names.staging(root.name());
        String dest = names.destination(root.name());
        List<String> sql = new ArrayList<>();
        for (Table nested : nested()) {
            // a key whose root row gets a new _dlt_id (its key came as another type, say) drops its old nested rows
            sql.add("DELETE FROM " + names.destination(nested.name()) + " WHERE " + belongsTo(nested, "SELECT d."
                    + ROW_KEY + " FROM " + dest + " AS d JOIN " + staged + " AS s ON " + columnsEqual(primaryKey, "d", "s")
                    + " WHERE d." + ROW_KEY + " <> s." + ROW_KEY));
        }
        StringBuilder merge = new StringBuilder("MERGE INTO " + dest + " d USING " + staged + " s ON "
                + columnsEqual(primaryKey, "d", "s"));
        if (hardDelete != null) {
            merge.append(" WHEN MATCHED AND ").append(deleted(hardDelete, "s.")).append(" THEN DELETE");
        }
        merge.append(" WHEN MATCHED THEN UPDATE SET ").append(updateSet(root));
        // a row marked deleted that is not there yet is not inserted (dlt inserts it)
        merge.append(" WHEN NOT MATCHED").append(hardDelete == null ? "" : " AND " + notDeleted(hardDelete, "s."))
                .append(" THEN INSERT (").append(columnList(root)).append(") VALUES (").append(sourceValues(root))
                .append(")");
        sql.add(merge.toString());
        for (Table nested : nested()) {
            String nestedDest = names.destination(nested.name());
            String nestedStaged = names.staging(nested.name());
            String rootsStillThere = "SELECT " + ROW_KEY + " FROM " + staged
                    + (hardDelete == null ? "" : " WHERE " + notDeleted(hardDelete));
            sql.add("MERGE INTO " + nestedDest + " d USING (SELECT * FROM " + nestedStaged + " WHERE "
                    + belongsTo(nested, rootsStillThere) + ") s ON d." + ROW_KEY + " = s." + ROW_KEY
                    + " WHEN MATCHED THEN UPDATE SET " + updateSet(nested)
                    + " WHEN NOT MATCHED THEN INSERT (" + columnList(nested) + ") VALUES (" + sourceValues(nested) + ")");
            // the list got shorter: its former rows go
            sql.add("DELETE FROM " + nestedDest + " AS d WHERE " + belongsTo(nested, "SELECT " + ROW_KEY + " FROM "
                    + staged) + " AND NOT EXISTS (SELECT 1 FROM " + nestedStaged + " AS s WHERE s." + ROW_KEY + " = d."
                    + ROW_KEY + ")");
            if (hardDelete != null) {
                sql.add("DELETE FROM " + nestedDest + " WHERE " + belongsTo(nested, "SELECT " + ROW_KEY + " FROM "
                        + staged + " WHERE " + deleted(hardDelete, "")));
            }
        }
        return sql;
    }

    // ------------------------------------------------------------------------------------------ insert-only

    private List<String> insertOnly() {
        Table root = root();
        List<String> primaryKey = requirePrimaryKey(root, MergeStrategy.INSERT_ONLY);
        Column hardDelete = hardDeleteColumn(root);
        String staged = names.staging(root.name());
        String dest = names.destination(root.name());
        String insertTemp = helperTable("ins");
        List<String> sql = new ArrayList<>();
        // the root rows this load adds; only their nested rows are inserted
        sql.add("CREATE TEMPORARY TABLE " + insertTemp + " AS SELECT s." + ROW_KEY + " FROM " + staged + " AS s WHERE "
                + (hardDelete == null ? "1 = 1" : notDeleted(hardDelete, "s.")) + " AND NOT EXISTS (SELECT 1 FROM "
                + dest + " AS d WHERE " + columnsEqual(primaryKey, "d", "s") + ")");
        sql.addAll(names.analyze(insertTemp));
        sql.add("MERGE INTO " + dest + " d USING (SELECT * FROM " + staged + " WHERE " + ROW_KEY + " IN (SELECT * FROM "
                + insertTemp + ")) s ON " + columnsEqual(primaryKey, "d", "s") + " WHEN NOT MATCHED THEN INSERT ("
                + columnList(root) + ") VALUES (" + sourceValues(root) + ")");
        for (Table nested : nested()) {
            sql.add("MERGE INTO " + names.destination(nested.name()) + " d USING (SELECT * FROM "
                    + names.staging(nested.name()) + " WHERE " + belongsTo(nested, "SELECT * FROM " + insertTemp)
                    + ") s ON d." + ROW_KEY + " = s." + ROW_KEY + " WHEN NOT MATCHED THEN INSERT (" + columnList(nested)
                    + ") VALUES (" + sourceValues(nested) + ")");
        }
        sql.add("DROP TABLE " + insertTemp);
        return sql;
    }

    // ------------------------------------------------------------------------------------------ scd2

    private List<String> scd2(@Nullable Scd2Options options, OffsetDateTime packageCreatedAt) {
        Scd2Options scd2 = options == null ? Scd2Options.DEFAULTS : options;
        Table root = root();
        String dest = names.destination(root.name());
        String staged = names.staging(root.name());
        String from = quote(scd2.validFromColumn());
        String to = quote(scd2.validToColumn());
        String versionColumn = scd2.rowVersionColumn() == null ? Schema.ROW_ID : scd2.rowVersionColumn();
        String version = quote(versionColumn);
        OffsetDateTime boundaryTime = scd2.boundaryTimestamp() != null ? scd2.boundaryTimestamp() : packageCreatedAt;
        String boundary = timestampLiteral(boundaryTime);
        String active = scd2.activeRecordTimestamp() == null ? "CAST(NULL AS TIMESTAMP WITH TIME ZONE)"
                : timestampLiteral(scd2.activeRecordTimestamp());
        String isActive = scd2.activeRecordTimestamp() == null ? to + " IS NULL" : to + " = " + active;
        List<String> mergeKey = keyColumns(root, ColumnHint.MERGE_KEY);
        List<String> sql = new ArrayList<>();
        // retire active versions that are not in the load; with a merge key only within the keys the load has
        sql.add("UPDATE " + dest + " AS d SET " + to + " = " + boundary + " WHERE d." + isActive
                + " AND NOT EXISTS (SELECT 1 FROM " + staged + " AS s WHERE s." + version + " = d." + version + ")"
                + (mergeKey.isEmpty() ? ""
                        : " AND EXISTS (SELECT 1 FROM " + staged + " AS s WHERE " + columnsEqual(mergeKey, "d", "s") + ")"));
        // the versions this load adds: not active yet, each once even if the load has it twice
        String insertTemp = helperTable("ins");
        sql.add("CREATE TEMPORARY TABLE " + insertTemp + " AS SELECT " + ROW_KEY + " FROM (" + numbered(staged,
                List.of(versionColumn), "(SELECT NULL)", distinctColumns(ROW_KEY, version)) + ") AS s WHERE _dlt_dedup_rn = 1 AND NOT EXISTS (SELECT 1 FROM " + dest + " AS d WHERE d."
                + isActive + " AND d." + version + " = s." + version + ")");
        sql.addAll(names.analyze(insertTemp));
        List<String> dataColumns = new ArrayList<>();
        for (Column column : root.completeColumns()) {
            if (!column.name().equals(scd2.validFromColumn()) && !column.name().equals(scd2.validToColumn())) {
                dataColumns.add(quote(column.name()));
            }
        }
        String data = String.join(", ", dataColumns);
        sql.add("INSERT INTO " + dest + " (" + data + ", " + from + ", " + to + ") SELECT " + data + ", " + boundary
                + " AS " + from + ", " + active + " AS " + to + " FROM (" + numbered(staged, List.of(versionColumn),
                "(SELECT NULL)", data) + ") AS _dlt_dedup_numbered WHERE _dlt_dedup_rn = 1 AND " + ROW_KEY
                + " IN (SELECT * FROM " + insertTemp + ")");
        for (Table nested : nested()) {
            // nested rows belong to one version of their root row: only the added versions bring theirs
            sql.add(insertInto(nested) + " " + dedupSelect(names.staging(nested.name()), List.of(Schema.ROW_ID),
                    "(SELECT NULL)", columnList(nested), belongsTo(nested, "SELECT * FROM " + insertTemp)
                    + " AND " + ROW_KEY + " NOT IN (SELECT " + ROW_KEY + " FROM " + names.destination(nested.name()) + ")")
                    + names.insertOrder(nested));
        }
        sql.add("DROP TABLE " + insertTemp);
        return sql;
    }

    static String timestampLiteral(OffsetDateTime timestamp) {
        return "CAST('" + TIMESTAMP_LITERAL.format(timestamp.withOffsetSameInstant(ZoneOffset.UTC))
                + "' AS TIMESTAMP WITH TIME ZONE)";
    }

    // ------------------------------------------------------------------------------------------ pieces

    private Table root() {
        return chain.get(0);
    }

    private List<Table> nested() {
        return chain.subList(1, chain.size());
    }

    private static List<String> keyColumns(Table table, ColumnHint hint) {
        return table.columnsWith(hint).stream().filter(Column::isComplete).map(Column::name).toList();
    }

    /**
     * Refuses, before any SQL is sent, a root table whose write disposition needs a column the data does not have:
     * the statements would otherwise fail with the database's own error (DuckDB: {@code Referenced table "s" not
     * found!}) on every attempt.
     */
    static void requireHintedColumns(Table root, WriteDisposition disposition) {
        if (disposition.is(MergeStrategy.UPSERT) || disposition.is(MergeStrategy.INSERT_ONLY)) {
            requirePrimaryKey(root, java.util.Objects.requireNonNull(disposition.mergeStrategy()));
        }
        Scd2Options scd2 = disposition.scd2();
        if (scd2 != null && scd2.rowVersionColumn() != null) {
            Column version = root.column(scd2.rowVersionColumn());
            if (version == null || !version.isComplete()) {
                throw new PackageRefusedException("Table '" + root.name() + "' is merged with scd2 and its "
                        + "row_version_column_name hint names column '" + scd2.rowVersionColumn() + "', which its data "
                        + "does not have; give every record that column, or leave the hint out to version rows by a "
                        + "hash of the whole record");
            }
        }
    }

    private static List<String> requirePrimaryKey(Table root, MergeStrategy strategy) {
        List<String> primaryKey = keyColumns(root, ColumnHint.PRIMARY_KEY);
        if (primaryKey.isEmpty()) {
            throw new PackageRefusedException("Table '" + root.name() + "' is merged with " + strategy.dltName()
                    + " but has no primary key column with data; declare primary_key on a column every record has");
        }
        return primaryKey;
    }

    private static @Nullable Column hardDeleteColumn(Table table) {
        List<Column> columns = table.columnsWith(ColumnHint.HARD_DELETE).stream().filter(Column::isComplete).toList();
        return columns.isEmpty() ? null : columns.get(0);
    }

    /** dlt: a bool column deletes when true, any other type when not null. */
    private static String deleted(Column hardDelete, String prefix) {
        String column = prefix + quote(hardDelete.name());
        return hardDelete.dataType() == DataType.BOOL ? column + " = True" : column + " IS NOT NULL";
    }

    private static String notDeleted(Column hardDelete) {
        return notDeleted(hardDelete, "");
    }

    private static String notDeleted(Column hardDelete, String prefix) {
        String column = prefix + quote(hardDelete.name());
        return hardDelete.dataType() == DataType.BOOL ? "(" + column + " IS NULL OR " + column + " = False)"
                : column + " IS NULL";
    }

    private static String dedupOrder(Table table) {
        DedupSort sort = table.dedupSort();
        Column sorted = sort == null ? null : table.column(sort.column());
        if (sort == null || sorted == null || !sorted.isComplete()) {
            return "(SELECT NULL)";
        }
        return quote(sort.column()) + (sort.descending() ? " DESC" : " ASC");
    }

    /** Rows numbered within each key, in dedup order: row 1 is the one that wins. */
    private static String numbered(String staged, List<String> partition, String order, String columns) {
        return "SELECT ROW_NUMBER() OVER (PARTITION BY " + partition.stream().map(SqlJobClient::quote)
                .collect(Collectors.joining(", ")) + " ORDER BY " + order + ") AS _dlt_dedup_rn, " + columns
                + " FROM " + staged;
    }

    private static String dedupSelect(String staged, List<String> partition, String order, String columns,
            String condition) {
        return "SELECT " + columns + " FROM (" + numbered(staged, partition, order, columns)
                + ") AS _dlt_dedup_numbered WHERE _dlt_dedup_rn = 1 AND (" + condition + ")";
    }

    private static String distinctColumns(String first, String second) {
        return first.equals(second) ? first : first + ", " + second;
    }

    private static String columnsEqual(List<String> columns, String left, String right) {
        return columns.stream().map(c -> left + "." + quote(c) + " = " + right + "." + quote(c))
                .collect(Collectors.joining(" AND "));
    }

    private static String columnList(Table table) {
        return table.completeColumns().stream().map(c -> quote(c.name())).collect(Collectors.joining(", "));
    }

    private static String sourceValues(Table table) {
        return table.completeColumns().stream().map(c -> "s." + quote(c.name())).collect(Collectors.joining(", "));
    }

    private static String updateSet(Table table) {
        return table.completeColumns().stream().map(c -> quote(c.name()) + " = s." + quote(c.name()))
                .collect(Collectors.joining(", "));
    }

    private String insertInto(Table table) {
        return "INSERT INTO " + names.destination(table.name()) + " (" + columnList(table) + ")";
    }

    private String insertAll(Table table) {
        return insertInto(table) + " SELECT " + columnList(table) + " FROM " + names.staging(table.name());
    }
}
