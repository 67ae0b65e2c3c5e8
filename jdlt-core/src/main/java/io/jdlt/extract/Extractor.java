package io.jdlt.extract;

import java.lang.reflect.Array;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.jdlt.json.TypedJson;
import io.jdlt.json.UnsupportedValueException;
import io.jdlt.schema.Column;
import io.jdlt.schema.DataType;
import io.jdlt.schema.DedupSort;
import io.jdlt.schema.MergeStrategy;
import io.jdlt.schema.Scd2Options;
import io.jdlt.schema.ColumnHint;
import io.jdlt.schema.Schema;
import io.jdlt.schema.Table;
import io.jdlt.schema.WriteDisposition;
import io.jdlt.storage.DataWriterSettings;
import io.jdlt.storage.JobFileWriter;
import io.jdlt.storage.JobState;
import io.jdlt.storage.LoadPackage;
import io.jdlt.storage.PipelineStorage;
import tools.jackson.databind.node.ArrayNode;

/**
 * The extract stage: runs the resources of a source and writes what they yield, item by item, as typed JSON lines
 * into a new load package, one file per table (rotated by the data writer settings). The package becomes visible
 * to normalize only once complete, by the rename of its folder.
 */
public final class Extractor {

    /** The format of extracted job files. */
    public static final String FORMAT = "typed-jsonl";

    private final PipelineStorage storage;
    private final DataWriterSettings writerSettings;

    public Extractor(PipelineStorage storage, DataWriterSettings writerSettings) {
        this.storage = storage;
        this.writerSettings = writerSettings;
    }

    /**
     * Extracts the source into a new package.
     *
     * @param schema the source's schema; it receives the resources' table hints
     * @param loadId the id of the new package
     * @param extraRows rows of dlt's own tables to add to the package (the pipeline state row), by table
     * @param packageState the package's {@code load_package_state.json}
     */
    public ExtractInfo extract(Source source, Schema schema, String loadId, Map<String, Map<String, Object>> extraRows,
            Map<String, Object> packageState) {
        LoadPackage extracting = storage.newExtractPackage(loadId);
        Map<String, JobFileWriter> writers = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        try {
            if (source.maxTableNesting() != null) {
                schema.maxNesting(source.maxTableNesting());
            }
            for (Resource resource : source.resources()) {
                String tableName = applyHints(schema, resource);
                JobFileWriter writer = writers.computeIfAbsent(tableName, t -> newWriter(extracting, t));
                long before = writer.itemCount();
                runResource(resource, new ResourceContext(resource.name(), tableName, loadId), writer);
                counts.merge(tableName, writer.itemCount() - before, Long::sum);
            }
            extraRows.forEach((tableName, row) -> writers.computeIfAbsent(tableName, t -> newWriter(extracting, t))
                    .write(out -> TypedJson.write(out, row)));
            for (JobFileWriter writer : writers.values()) {
                // an empty replace resource still gets an (empty) job: it must empty its tables, as in dlt
                if (writer.itemCount() == 0 && !schema.isKind(writer.tableName(), WriteDisposition.Kind.REPLACE)) {
                    writer.finish().forEach(Extractor::deleteQuietly);
                }
                else {
                    ensureFile(writer);
                }
            }
        }
        catch (RuntimeException ex) {
            JobFileWriter.closeAll(writers.values(), ex);
            if (java.nio.file.Files.exists(extracting.root())) {
                PipelineStorage.deleteRecursively(extracting.root());
            }
            throw ex;
        }
        Map<String, Object> state = new LinkedHashMap<>(packageState);
        state.putIfAbsent("created_at", TypedJson.formatTimestamp(OffsetDateTime.now(ZoneOffset.UTC)));
        extracting.writeState(state);
        schema.bumpVersion();
        extracting.writeSchema(schema);
        // the stored schema goes first: normalize starts from it, so it must never be older than a package
        storage.writeSchema(schema);
        storage.move(extracting, storage.extracted());
        return new ExtractInfo(loadId, schema.name(), counts);
    }

    private JobFileWriter newWriter(LoadPackage extracting, String tableName) {
        return new JobFileWriter(extracting.folder(JobState.NEW), tableName, FORMAT, writerSettings);
    }

    private static void ensureFile(JobFileWriter writer) {
        if (writer.itemCount() == 0) {
            writer.createEmptyFile();
        }
        writer.finish();
    }

    private static void deleteQuietly(java.nio.file.Path file) {
        try {
            java.nio.file.Files.deleteIfExists(file);
        }
        catch (java.io.IOException ignored) {
            // an empty file left behind holds no rows and is skipped by normalize
        }
    }

    /** Puts the resource's table and its hints into the schema and returns the normalized table name. */
    static String applyHints(Schema schema, Resource resource) {
        String requested = resource.tableName() != null ? resource.tableName() : resource.name();
        String tableName = schema.naming().normalizePath(requested);
        Table table = schema.table(tableName);
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
            throw new ExtractException(resource.name(), "merge strategy " + disposition.mergeStrategy().dltName()
                    + " needs a primary key; set one with primaryKey(...)");
        }
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

    private static void runResource(Resource resource, ResourceContext context, JobFileWriter writer) {
        Emitter emitter = itemOrPage -> emit(resource, writer, itemOrPage);
        try {
            resource.function().produce(context, emitter);
        }
        catch (ExtractException ex) {
            throw ex;
        }
        catch (Exception ex) {
            throw new ExtractException(resource.name(), "failed while producing data: " + ex, ex);
        }
    }

    private static void emit(Resource resource, JobFileWriter writer, Object itemOrPage) {
        if (itemOrPage == null) {
            return;
        }
        if (itemOrPage instanceof Collection<?> page) {
            for (Object item : page) {
                writeItem(resource, writer, item);
            }
        }
        else if (itemOrPage instanceof ArrayNode page) {
            for (var item : page.values()) {
                writeItem(resource, writer, item);
            }
        }
        else if (itemOrPage.getClass().isArray() && !(itemOrPage instanceof byte[])) {
            for (int i = 0, n = Array.getLength(itemOrPage); i < n; i++) {
                writeItem(resource, writer, Array.get(itemOrPage, i));
            }
        }
        else {
            writeItem(resource, writer, itemOrPage);
        }
    }

    private static void writeItem(Resource resource, JobFileWriter writer, Object item) {
        if (item == null) {
            return;
        }
        try {
            writer.write(out -> TypedJson.write(out, item));
        }
        catch (UnsupportedValueException ex) {
            throw new ExtractException(resource.name(), "yielded an item of type " + item.getClass().getName()
                    + " that cannot be loaded: " + ex.getMessage(), ex);
        }
    }
}
