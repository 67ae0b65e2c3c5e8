package io.jdlt.normalize;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import io.jdlt.PipelineListener;
import io.jdlt.RunProgress;
import io.jdlt.json.Json;
import io.jdlt.json.TypedJson;
import io.jdlt.schema.Column;
import io.jdlt.schema.Schema;
import io.jdlt.schema.SchemaContract;
import io.jdlt.schema.Table;
import io.jdlt.schema.WriteDisposition;
import io.jdlt.storage.DataWriterSettings;
import io.jdlt.storage.JobFileName;
import io.jdlt.storage.JobFileWriter;
import io.jdlt.storage.JobState;
import io.jdlt.storage.LoadPackage;
import io.jdlt.storage.LoaderFileFormat;
import io.jdlt.storage.PipelineStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The normalize stage: streams each extracted package, item by item, through the relational normalizer and the
 * schema, and writes loader files per table. Memory stays bounded by one item plus one write buffer per table.
 * The package moves to {@code load/normalized} by one rename when complete.
 */
public final class Normalizer {

    /** The loader file format this stage writes. */
    public static final String FORMAT = "jsonl";

    private static final Logger log = LoggerFactory.getLogger(Normalizer.class);

    private final PipelineStorage storage;
    private final DataWriterSettings writerSettings;
    private final PipelineListener listener;
    private final String pipelineName;
    private final LoaderFileFormat format;
    private final io.jdlt.storage.ParquetCompression parquetCompression;
    private final RunProgress progress;

    public Normalizer(PipelineStorage storage, DataWriterSettings writerSettings, PipelineListener listener,
            String pipelineName, LoaderFileFormat format, io.jdlt.storage.ParquetCompression parquetCompression,
            RunProgress progress) {
        this.progress = progress;
        this.storage = storage;
        this.writerSettings = writerSettings;
        this.listener = listener;
        this.pipelineName = pipelineName;
        this.format = format;
        this.parquetCompression = parquetCompression;
    }

    /** Normalizes every extracted package, oldest first; each normalized schema is stored in the working dir. */
    public NormalizeInfo normalizePending() {
        Map<String, Long> rowCounts = new LinkedHashMap<>();
        List<String> loadIds = new ArrayList<>();
        for (LoadPackage extracted : storage.extractedPackages()) {
            if (Files.exists(storage.normalized().resolve(extracted.loadId()))
                    || Files.exists(storage.loaded().resolve(extracted.loadId()))) {
                // a run died after the normalized package was committed and before this copy was removed
                PipelineStorage.deleteRecursively(extracted.root());
                continue;
            }
            normalizePackage(extracted).forEach((table, rows) -> rowCounts.merge(table, rows, Long::sum));
            loadIds.add(extracted.loadId());
        }
        return new NormalizeInfo(rowCounts, loadIds);
    }

    private Map<String, Long> normalizePackage(LoadPackage extracted) {
        // the stored schema has every column earlier packages added; the package's copy may predate some of them
        Schema packageSchema = extracted.readSchema();
        Schema schema = storage.readSchema(packageSchema.name()).orElse(packageSchema);
        for (Table table : packageSchema.tables()) {
            if (schema.table(table.name()) == null) {
                // a package extracted by a run that died before its schema was stored
                schema.putTable(table.copy());
            }
        }
        Schema before = schema.copy();
        LoadPackage normalizing = new LoadPackage(extracted.loadId(), storage.normalizing().resolve(extracted.loadId()));
        Path newJobs = normalizing.folder(JobState.NEW);
        RelationalNormalizer normalizer = new RelationalNormalizer(schema);
        SchemaContract runContract = SchemaContract.parse(extracted.readState().get("schema_contract"));
        RowCoercer coercer = new RowCoercer(schema, runContract, pipelineName);
        Map<String, JobFileWriter> writers = new LinkedHashMap<>();
        try {
            Files.createDirectories(newJobs);
            for (Path job : extracted.jobs(JobState.NEW)) {
                listener.normalizeFileStarted(extracted.loadId(), job.getFileName().toString());
                String rootTable = JobFileName.parse(job.getFileName().toString()).tableName();
                if (schema.isKind(rootTable, WriteDisposition.Kind.REPLACE)) {
                    // the root table gets a job even without rows: the loader then empties its table chain
                    writers.computeIfAbsent(rootTable, t -> new JobFileWriter(newJobs, t, FORMAT, writerSettings))
                            .createEmptyFile();
                }
                readItems(job, rootTable, item -> normalizer.normalize(item, extracted.loadId(), rootTable,
                        (table, parent, row) -> {
                            Map<String, Object> coerced = coercer.coerce(table, parent, row);
                            if (coerced == null) {
                                return false;
                            }
                            writers.computeIfAbsent(table, t -> new JobFileWriter(newJobs, t, FORMAT, writerSettings))
                                    .write(out -> LoaderJson.writeRow(out, coerced));
                            progress.rowNormalized();
                            return true;
                        }));
            }
        }
        catch (IOException | RuntimeException ex) {
            JobFileWriter.closeAll(writers.values(), ex);
            // nothing of a failed package is kept: the extracted package stays and is normalized again next run
            if (Files.exists(normalizing.root())) {
                PipelineStorage.deleteRecursively(normalizing.root());
            }
            if (ex instanceof IOException io) {
                throw new UncheckedIOException("cannot normalize load package " + extracted.loadId() + ": "
                        + io.getMessage(), io);
            }
            throw (RuntimeException) ex;
        }
        writers.values().forEach(JobFileWriter::close);
        Map<String, Set<String>> nullOnly = coercer.nullOnlyColumns();
        if (!nullOnly.isEmpty()) {
            log.warn("Load package {}: columns {} have NULL values only and will not be created until a value arrives",
                    extracted.loadId(), nullOnly);
        }
        for (Table table : schema.tables()) {
            if (table.seenData()) {
                // its first data defined its columns; from now on the columns contract applies
                table.evolveColumnsOnce(false);
            }
        }
        if (format != LoaderFileFormat.JSONL) {
            try {
                convertJobs(newJobs, schema);
            }
            catch (IOException | RuntimeException ex) {
                PipelineStorage.deleteRecursively(normalizing.root());
                throw new NormalizeException("cannot write the " + format.extension() + " files of load package "
                        + extracted.loadId() + ": " + ex.getMessage(), ex);
            }
        }
        schema.bumpVersion();
        normalizing.writeSchema(schema);
        normalizing.writeState(extracted.readState());
        normalizing.writeFile(LoadPackage.SCHEMA_UPDATES_FILE, schemaUpdates(before, schema));
        storage.move(normalizing, storage.normalized());
        storage.writeSchema(schema);
        PipelineStorage.deleteRecursively(extracted.root());
        listener.normalized(extracted.loadId());
        Map<String, Long> counts = new TreeMap<>();
        writers.forEach((table, writer) -> counts.put(table, writer.itemCount()));
        return counts;
    }

    /**
     * CSV and Parquet need a fixed set of columns per file, and a package may add columns as it goes: the rows are
     * written as JSON lines first and converted, with the table's final columns, once the package is complete.
     */
    private void convertJobs(Path jobs, Schema schema) throws IOException {
        List<Path> jsonl;
        try (java.util.stream.Stream<Path> files = Files.list(jobs)) {
            // jdlt's own state row stays JSON: destinations read it back as a record
            jsonl = files.filter(p -> p.getFileName().toString().contains("." + FORMAT)
                    && !p.getFileName().toString().startsWith(Schema.PIPELINE_STATE_TABLE + ".")).sorted().toList();
        }
        for (Path file : jsonl) {
            JobFileName name = JobFileName.parse(file.getFileName().toString());
            JobFileName converted = new JobFileName(name.tableName(), name.fileId(), 0, format.extension(),
                    format.gzipped() && !writerSettings.disableCompression());
            Path target = jobs.resolve(converted.toString());
            List<Column> columns = schema.requireTable(name.tableName()).completeColumns();
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
                    InputStream in = name.compressed() ? new GZIPInputStream(raw, 64 * 1024) : raw) {
                if (format == LoaderFileFormat.PARQUET) {
                    io.jdlt.storage.ParquetConversion.convert(in, columns, target, parquetCompression);
                }
                else {
                    try (java.io.OutputStream fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(target),
                            64 * 1024);
                            java.io.OutputStream out = converted.compressed()
                                    ? new java.util.zip.GZIPOutputStream(fileOut, 64 * 1024) : fileOut) {
                        io.jdlt.storage.CsvConversion.convert(in, columns, true, out);
                    }
                }
            }
            Files.delete(file);
        }
    }

    private interface ItemConsumer {
        void accept(Object item);
    }

    private static void readItems(Path job, String rootTable, ItemConsumer consumer) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(job), 64 * 1024);
                InputStream in = job.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 64 * 1024) : raw;
                JsonParser parser = Json.MAPPER.createParser(in)) {
            long line = 0;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                line++;
                Object item;
                try {
                    item = TypedJson.read(parser);
                }
                catch (RuntimeException ex) {
                    throw new NormalizeException("Table '" + rootTable + "': item " + line + " of " + job.getFileName()
                            + " cannot be read: " + ex.getMessage(), ex);
                }
                if (token != JsonToken.VALUE_NULL) {
                    consumer.accept(item);
                }
            }
        }
        catch (JacksonException ex) {
            throw new NormalizeException("Table '" + rootTable + "': extracted file " + job.getFileName()
                    + " is not valid JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    /** dlt's schema_updates.json: the tables and columns normalize added, per table. */
    private static List<Map<String, Object>> schemaUpdates(Schema before, Schema after) {
        Map<String, Object> update = new LinkedHashMap<>();
        for (Table table : after.tables()) {
            Table old = before.table(table.name());
            Map<String, Object> columns = new LinkedHashMap<>();
            for (Column column : table.completeColumns()) {
                Column oldColumn = old == null ? null : old.column(column.name());
                if (oldColumn == null || !oldColumn.isComplete()) {
                    columns.put(column.name(), Map.of("name", column.name(), "data_type", column.dataType().dltName(),
                            "nullable", column.nullable()));
                }
            }
            if (!columns.isEmpty()) {
                Map<String, Object> partial = new LinkedHashMap<>();
                partial.put("name", table.name());
                if (table.parent() != null) {
                    partial.put("parent", table.parent());
                }
                partial.put("columns", columns);
                update.put(table.name(), List.of(partial));
            }
        }
        return update.isEmpty() ? List.of() : List.of(update);
    }
}
