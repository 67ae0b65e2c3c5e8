package io.jdlt.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.jdlt.json.Json;
import org.jspecify.annotations.Nullable;

/**
 * A dlt schema: the tables and columns jdlt inferred and evolved, versioned by a content hash. One schema
 * belongs to one source; it is stored as {@code schemas/<name>.schema.json} in the pipeline's working dir, in
 * every load package, and in the destination's {@code _dlt_version} table.
 */
public final class Schema {

    /** dlt's {@code SCHEMA_ENGINE_VERSION}. */
    public static final int ENGINE_VERSION = 11;
    public static final int DEFAULT_MAX_NESTING = 1000;

    public static final String VERSION_TABLE = "_dlt_version";
    public static final String LOADS_TABLE = "_dlt_loads";
    public static final String PIPELINE_STATE_TABLE = "_dlt_pipeline_state";

    public static final String LOAD_ID = "_dlt_load_id";
    public static final String ROW_ID = "_dlt_id";
    public static final String PARENT_ID = "_dlt_parent_id";
    public static final String LIST_INDEX = "_dlt_list_idx";
    public static final String ROOT_ID = "_dlt_root_id";

    private static final int KEPT_PREVIOUS_HASHES = 10;

    private final String name;
    private int version;
    private String versionHash;
    private final List<String> previousHashes = new ArrayList<>();
    private final LinkedHashMap<String, Table> tables = new LinkedHashMap<>();
    private int maxNesting = DEFAULT_MAX_NESTING;
    private @Nullable SchemaContract schemaContract;
    private final java.util.EnumSet<TypeWidening> typeWidenings = java.util.EnumSet.noneOf(TypeWidening.class);
    private final NamingConvention naming;

    /** A new schema holding only dlt's own tables. */
    public Schema(String name) {
        this(name, new SnakeCaseNaming());
    }

    public Schema(String name, NamingConvention naming) {
        this.naming = naming;
        this.name = validName(name, naming);
        addSystemTables();
        this.version = 1;
        this.versionHash = computeVersionHash();
    }

    private Schema(String name, NamingConvention naming, boolean empty) {
        this.name = name;
        this.naming = naming;
        this.versionHash = "";
    }

    private static String validName(String name, NamingConvention naming) {
        // dlt: schema names are snake_case identifiers of at most 64 characters
        return naming.withMaxLength(64).normalizeIdentifier(name);
    }

    public String name() {
        return name;
    }

    public int version() {
        return version;
    }

    public String versionHash() {
        return versionHash;
    }

    public NamingConvention naming() {
        return naming;
    }

    /** The type changes this schema allows instead of variant columns (none by default, as in dlt). */
    public Set<TypeWidening> typeWidenings() {
        return java.util.Collections.unmodifiableSet(typeWidenings);
    }

    public Schema typeWidenings(Set<TypeWidening> widenings) {
        typeWidenings.clear();
        typeWidenings.addAll(widenings);
        return this;
    }

    /** Whether a column of type {@code from} may become {@code to}. */
    public boolean allowsWidening(DataType from, DataType to) {
        return typeWidenings.stream().anyMatch(w -> w.from() == from && w.to() == to);
    }

    /** Whether any widening from this type is allowed: asked per value, before its type is inferred. */
    public boolean allowsWideningFrom(DataType from) {
        for (TypeWidening widening : typeWidenings) {
            if (widening.from() == from) {
                return true;
            }
        }
        return false;
    }

    /** The schema-wide contract (a source's), below the tables' own. */
    public @Nullable SchemaContract schemaContract() {
        return schemaContract;
    }

    public Schema schemaContract(@Nullable SchemaContract contract) {
        this.schemaContract = contract;
        return this;
    }

    /**
     * The contract that applies to a table: the run's if given, else the table's own, its parents', the schema's,
     * and dlt's default (evolve).
     */
    public SchemaContract contractFor(String tableName, @Nullable SchemaContract runContract) {
        if (runContract != null) {
            return runContract;
        }
        Table table = tables.get(tableName);
        while (table != null) {
            if (table.schemaContract() != null) {
                return table.schemaContract();
            }
            table = table.parent() == null ? null : tables.get(table.parent());
        }
        return schemaContract != null ? schemaContract : SchemaContract.EVOLVE;
    }

    /** The schema-wide {@code max_table_nesting}; a root table's own setting overrides it. */
    public int maxNesting() {
        return maxNesting;
    }

    public Schema maxNesting(int nesting) {
        this.maxNesting = nesting;
        return this;
    }

    public @Nullable Table table(String tableName) {
        return tables.get(tableName);
    }

    public Collection<Table> tables() {
        return tables.values();
    }

    /** Tables that hold data, without dlt's own tables. */
    public List<Table> dataTables() {
        List<Table> data = new ArrayList<>();
        for (Table table : tables.values()) {
            if (!isSystemTable(table.name())) {
                data.add(table);
            }
        }
        return data;
    }

    public static boolean isSystemTable(String tableName) {
        return tableName.equals(VERSION_TABLE) || tableName.equals(LOADS_TABLE)
                || tableName.equals(PIPELINE_STATE_TABLE);
    }

    public Table putTable(Table table) {
        tables.put(table.name(), table);
        return table;
    }

    /** The root of the table chain {@code tableName} belongs to. */
    public Table rootTable(String tableName) {
        Table table = requireTable(tableName);
        while (table.parent() != null) {
            table = requireTable(table.parent());
        }
        return table;
    }

    /** The table and all its nested tables, parents before children. */
    public List<Table> tableChain(String rootTableName) {
        List<Table> chain = new ArrayList<>();
        chain.add(requireTable(rootTableName));
        for (int i = 0; i < chain.size(); i++) {
            String parentName = chain.get(i).name();
            for (Table candidate : tables.values()) {
                if (parentName.equals(candidate.parent())) {
                    chain.add(candidate);
                }
            }
        }
        return chain;
    }

    /** The write disposition that applies to the table: its own, or its root table's for nested tables. */
    public WriteDisposition writeDisposition(String tableName) {
        WriteDisposition disposition = rootTable(tableName).writeDisposition();
        return disposition == null ? WriteDisposition.APPEND : disposition;
    }

    /** Whether the table's chain is written with this kind of disposition. */
    public boolean isKind(String tableName, WriteDisposition.Kind kind) {
        return writeDisposition(tableName).kind() == kind;
    }

    /** The nesting limit for rows of the table: its root table's hint or the schema-wide one. */
    public int maxNestingOf(String tableName) {
        Table root = tables.get(tableName) == null ? null : rootTable(tableName);
        Integer own = root == null ? null : root.maxNesting();
        return own == null ? maxNesting : own;
    }

    public Table requireTable(String tableName) {
        Table table = tables.get(tableName);
        if (table == null) {
            throw new IllegalArgumentException("schema '" + name + "' has no table '" + tableName + "'");
        }
        return table;
    }

    /**
     * Recomputes the content hash and, if the content changed since the last call, moves to the next version.
     *
     * @return whether the schema changed
     */
    public boolean bumpVersion() {
        String hash = computeVersionHash();
        if (hash.equals(versionHash)) {
            return false;
        }
        previousHashes.add(0, versionHash);
        while (previousHashes.size() > KEPT_PREVIOUS_HASHES) {
            previousHashes.remove(previousHashes.size() - 1);
        }
        version++;
        versionHash = hash;
        return true;
    }

    public Schema copy() {
        Schema copy = new Schema(name, naming, true);
        copy.version = version;
        copy.versionHash = versionHash;
        copy.previousHashes.addAll(previousHashes);
        copy.maxNesting = maxNesting;
        copy.schemaContract = schemaContract;
        copy.typeWidenings.addAll(typeWidenings);
        tables.forEach((k, v) -> copy.tables.put(k, v.copy()));
        return copy;
    }

    /**
     * dlt's {@code generate_version_hash}: SHA3-256 of the sorted, compact document without its version fields,
     * then of the table names in sorted order, each followed by its column names in order (column order counts).
     */
    private String computeVersionHash() {
        Map<String, Object> content = toDocument();
        content.remove("version");
        content.remove("version_hash");
        content.remove("previous_hashes");
        try {
            MessageDigest sha3 = MessageDigest.getInstance("SHA3-256");
            sha3.update(Json.sortedCompactBytes(content));
            for (String tableName : new TreeSet<>(tables.keySet())) {
                sha3.update(tableName.getBytes(StandardCharsets.UTF_8));
                for (String columnName : requireTable(tableName).columnMap().keySet()) {
                    sha3.update(columnName.getBytes(StandardCharsets.UTF_8));
                }
            }
            return Base64.getEncoder().encodeToString(sha3.digest());
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA3-256 is part of every JDK since 9", ex);
        }
    }

    private void addSystemTables() {
        Set<ColumnHint> none = Set.of();
        Table versionTable = new Table(VERSION_TABLE, null).writeDisposition(WriteDisposition.SKIP)
                .resource(VERSION_TABLE);
        versionTable.putColumn(new Column("version", DataType.BIGINT, false, none))
                .putColumn(new Column("engine_version", DataType.BIGINT, false, none))
                .putColumn(new Column("inserted_at", DataType.TIMESTAMP, false, none))
                .putColumn(new Column("schema_name", DataType.TEXT, false, none))
                .putColumn(new Column("version_hash", DataType.TEXT, false, none))
                .putColumn(new Column("schema", DataType.TEXT, false, none));
        putTable(versionTable);
        Table loadsTable = new Table(LOADS_TABLE, null).writeDisposition(WriteDisposition.SKIP).resource(LOADS_TABLE);
        loadsTable.putColumn(new Column("load_id", DataType.TEXT, false, none))
                .putColumn(new Column("schema_name", DataType.TEXT, true, none))
                .putColumn(new Column("status", DataType.BIGINT, false, none))
                .putColumn(new Column("inserted_at", DataType.TIMESTAMP, false, none))
                .putColumn(new Column("schema_version_hash", DataType.TEXT, true, none));
        putTable(loadsTable);
        Table stateTable = new Table(PIPELINE_STATE_TABLE, null).writeDisposition(WriteDisposition.APPEND)
                .resource(PIPELINE_STATE_TABLE);
        stateTable.putColumn(new Column("version", DataType.BIGINT, false, none))
                .putColumn(new Column("engine_version", DataType.BIGINT, false, none))
                .putColumn(new Column("pipeline_name", DataType.TEXT, false, none))
                .putColumn(new Column("state", DataType.TEXT, false, none))
                .putColumn(new Column("created_at", DataType.TIMESTAMP, false, none))
                .putColumn(new Column("version_hash", DataType.TEXT, true, none))
                .putColumn(new Column(LOAD_ID, DataType.TEXT, false, none))
                .putColumn(new Column(ROW_ID, DataType.TEXT, false, EnumSet.of(ColumnHint.UNIQUE, ColumnHint.ROW_KEY)));
        putTable(stateTable);
    }

    // ---------------------------------------------------------------- the stored document (dlt's TStoredSchema)

    /** The schema as dlt's stored schema document. */
    public Map<String, Object> toDocument() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", version);
        doc.put("version_hash", versionHash);
        doc.put("engine_version", ENGINE_VERSION);
        doc.put("name", name);
        Map<String, Object> tableDocs = new LinkedHashMap<>();
        tables.forEach((tableName, table) -> tableDocs.put(tableName, tableDocument(table)));
        doc.put("tables", tableDocs);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("detections", List.of("iso_timestamp"));
        if (schemaContract != null) {
            settings.put("schema_contract", schemaContract.document());
        }
        if (!typeWidenings.isEmpty()) {
            settings.put("x-type-widening", typeWidenings.stream().map(TypeWidening::dltName).toList());
        }
        settings.put("default_hints", Map.of(
                "not_null", List.of(ROW_ID, ROOT_ID, PARENT_ID, LIST_INDEX, LOAD_ID),
                "parent_key", List.of(PARENT_ID),
                "root_key", List.of(ROOT_ID),
                "unique", List.of(ROW_ID),
                "row_key", List.of(ROW_ID)));
        doc.put("settings", settings);
        Map<String, Object> normalizers = new LinkedHashMap<>();
        normalizers.put("names", "snake_case");
        if (naming.maxLength() > 0) {
            // the destination's identifier limit the names were shortened to (63 for PostgreSQL)
            normalizers.put("max_identifier_length", naming.maxLength());
        }
        normalizers.put("json", Map.of("module", "dlt.common.normalizers.json.relational",
                "config", Map.of("max_nesting", maxNesting)));
        doc.put("normalizers", normalizers);
        doc.put("previous_hashes", List.copyOf(previousHashes));
        return doc;
    }

    private static Map<String, Object> tableDocument(Table table) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", table.name());
        Map<String, Object> columnDocs = new LinkedHashMap<>();
        for (Column column : table.columns()) {
            Map<String, Object> columnDoc = new LinkedHashMap<>();
            columnDoc.put("name", column.name());
            if (column.dataType() != null) {
                columnDoc.put("data_type", column.dataType().dltName());
            }
            columnDoc.put("nullable", column.nullable());
            if (column.precision() != null) {
                columnDoc.put("precision", column.precision());
            }
            if (column.scale() != null) {
                columnDoc.put("scale", column.scale());
            }
            if (column.timezone() != null) {
                columnDoc.put("timezone", column.timezone());
            }
            for (ColumnHint hint : column.hints()) {
                columnDoc.put(hint.dltName(), true);
            }
            if (table.dedupSort() != null && table.dedupSort().column().equals(column.name())) {
                columnDoc.put("dedup_sort", table.dedupSort().descending() ? "desc" : "asc");
            }
            columnDocs.put(column.name(), columnDoc);
        }
        doc.put("columns", columnDocs);
        WriteDisposition disposition = table.writeDisposition();
        if (disposition != null) {
            doc.put("write_disposition", disposition.dltName());
            if (disposition.mergeStrategy() != null) {
                doc.put("x-merge-strategy", disposition.mergeStrategy().dltName());
            }
            Scd2Options scd2 = disposition.scd2();
            if (scd2 != null) {
                Map<String, Object> options = new LinkedHashMap<>();
                options.put("valid_from", scd2.validFromColumn());
                options.put("valid_to", scd2.validToColumn());
                options.put("active_record_timestamp", scd2.activeRecordTimestamp() == null ? null
                        : scd2.activeRecordTimestamp().toString());
                options.put("boundary_timestamp", scd2.boundaryTimestamp() == null ? null
                        : scd2.boundaryTimestamp().toString());
                options.put("row_version_column", scd2.rowVersionColumn());
                doc.put("x-scd2", options);
            }
        }
        if (table.parent() != null) {
            doc.put("parent", table.parent());
        }
        if (table.resource() != null) {
            doc.put("resource", table.resource());
        }
        if (table.schemaContract() != null) {
            doc.put("schema_contract", table.schemaContract().document());
        }
        Map<String, Object> normalizerHints = new LinkedHashMap<>();
        if (table.seenData()) {
            normalizerHints.put("seen-data", true);
        }
        if (table.evolveColumnsOnce()) {
            normalizerHints.put("evolve-columns-once", true);
        }
        if (table.maxNesting() != null) {
            normalizerHints.put("max_nesting", table.maxNesting());
        }
        if (!normalizerHints.isEmpty()) {
            doc.put("x-normalizer", normalizerHints);
        }
        return doc;
    }

    /** Reads a document written by {@link #toDocument()}. */
    @SuppressWarnings("unchecked")
    public static Schema fromDocument(Map<String, Object> doc) {
        String schemaName = java.util.Objects.requireNonNull((String) doc.get("name"), "a schema document names its schema");
        int maxLength = doc.get("normalizers") instanceof Map<?, ?> names
                && names.get("max_identifier_length") instanceof Number limit ? limit.intValue() : 0;
        Schema schema = new Schema(schemaName, new SnakeCaseNaming(maxLength), true);
        schema.version = doc.get("version") instanceof Number number ? number.intValue() : 1;
        schema.versionHash = doc.get("version_hash") instanceof String hash ? hash : "";
        Object previous = doc.get("previous_hashes");
        if (previous instanceof List<?> hashes) {
            hashes.forEach(h -> schema.previousHashes.add((String) h));
        }
        if (doc.get("settings") instanceof Map<?, ?> settings) {
            if (settings.get("schema_contract") != null) {
                schema.schemaContract = SchemaContract.parse(settings.get("schema_contract"));
            }
            if (settings.get("x-type-widening") instanceof List<?> widenings) {
                widenings.forEach(w -> schema.typeWidenings.add(TypeWidening.fromDltName(w.toString())));
            }
        }
        Object normalizers = doc.get("normalizers");
        if (normalizers instanceof Map<?, ?> n && n.get("json") instanceof Map<?, ?> json
                && json.get("config") instanceof Map<?, ?> config && config.get("max_nesting") instanceof Number max) {
            schema.maxNesting = max.intValue();
        }
        Map<String, Object> tableDocs = doc.get("tables") instanceof Map<?, ?> tablesDoc
                ? (Map<String, Object>) tablesDoc : Map.of();
        tableDocs.forEach((tableName, tableDoc) -> schema.tables.put(tableName, tableFromDocument((Map<String, Object>) tableDoc)));
        return schema;
    }

    private static java.time.@Nullable OffsetDateTime timestampOrNull(@Nullable Object value) {
        return value == null ? null : java.time.OffsetDateTime.parse(value.toString());
    }

    @SuppressWarnings("unchecked")
    private static Table tableFromDocument(Map<String, Object> doc) {
        Table table = new Table(java.util.Objects.requireNonNull((String) doc.get("name"), "a table document names its table"),
                (String) doc.get("parent"));
        if (doc.get("write_disposition") instanceof String disposition) {
            WriteDisposition parsed = WriteDisposition.fromDltName(disposition);
            if (doc.get("x-scd2") instanceof Map<?, ?> options) {
                parsed = WriteDisposition.scd2(new Scd2Options(String.valueOf(options.get("valid_from")),
                        String.valueOf(options.get("valid_to")), timestampOrNull(options.get("active_record_timestamp")),
                        timestampOrNull(options.get("boundary_timestamp")), (String) options.get("row_version_column")));
            }
            else if (doc.get("x-merge-strategy") instanceof String strategy) {
                parsed = WriteDisposition.merge(MergeStrategy.fromDltName(strategy));
            }
            table.writeDisposition(parsed);
        }
        table.resource((String) doc.get("resource"));
        if (doc.get("schema_contract") != null) {
            table.schemaContract(SchemaContract.parse(doc.get("schema_contract")));
        }
        if (doc.get("x-normalizer") instanceof Map<?, ?> hints) {
            table.seenData(Boolean.TRUE.equals(hints.get("seen-data")));
            table.evolveColumnsOnce(Boolean.TRUE.equals(hints.get("evolve-columns-once")));
            if (hints.get("max_nesting") instanceof Number max) {
                table.maxNesting(max.intValue());
            }
        }
        Map<String, Object> columns = doc.get("columns") instanceof Map<?, ?> columnsDoc
                ? (Map<String, Object>) columnsDoc : Map.of();
        columns.forEach((columnName, raw) -> {
            Map<String, Object> columnDoc = (Map<String, Object>) raw;
            EnumSet<ColumnHint> hints = EnumSet.noneOf(ColumnHint.class);
            for (ColumnHint hint : ColumnHint.values()) {
                if (Boolean.TRUE.equals(columnDoc.get(hint.dltName()))) {
                    hints.add(hint);
                }
            }
            DataType type = columnDoc.get("data_type") instanceof String t ? DataType.fromDltName(t) : null;
            if (columnDoc.get("dedup_sort") instanceof String order) {
                table.dedupSort(new DedupSort(columnName, order.equalsIgnoreCase("desc")));
            }
            table.putColumn(new Column(columnName, type, !Boolean.FALSE.equals(columnDoc.get("nullable")), hints,
                    columnDoc.get("precision") instanceof Number p ? p.intValue() : null,
                    columnDoc.get("scale") instanceof Number s ? s.intValue() : null,
                    columnDoc.get("timezone") instanceof Boolean tz ? tz : null));
        });
        return table;
    }
}
