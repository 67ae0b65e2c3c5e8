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

import io.jdlt.common.PipelineListener;
import io.jdlt.common.TerminalException;
import io.jdlt.common.RunProgress;
import io.jdlt.json.Json;
import io.jdlt.json.TypedJson;
import io.jdlt.schema.Column;
import io.jdlt.schema.Schema;
import io.jdlt.schema.SchemaContract;
import io.jdlt.schema.Table;
import io.jdlt.schema.WriteDisposition;
import io.jdlt.format.DataWriterSettings;
import io.jdlt.storage.IoErrors;
import io.jdlt.storage.JobFileName;
import io.jdlt.format.JobFileWriter;
import io.jdlt.storage.JobState;
import io.jdlt.storage.LoadPackage;
import io.jdlt.format.LoaderFileFormat;
import io.jdlt.storage.PackageAborts;
import io.jdlt.storage.PipelineStorage;
import io.jdlt.storage.StageContext;
import org.jspecify.annotations.Nullable;
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

    /** The extension of jsonl loader files, the format the pipeline's state row is always written in. */
    public static final String FORMAT = "jsonl";

    private static final Logger log = LoggerFactory.getLogger(Normalizer.class);

    private final PipelineStorage storage;
    private final DataWriterSettings writerSettings;
    private final PipelineListener listener;
    private final String pipelineName;
    private final LoaderFileFormat format;
    private final io.jdlt.format.ParquetCompression parquetCompression;
    private final RunProgress progress;
    private final int workers;

    /**
     * @param workers threads that normalize the files of one package at once (dlt's {@code normalize.workers});
     *        a package of one file is normalized in one thread
     */
    public Normalizer(StageContext context, DataWriterSettings writerSettings, LoaderFileFormat format,
            io.jdlt.format.ParquetCompression parquetCompression, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("normalize.workers must be at least 1, was " + workers);
        }
        this.workers = workers;
        this.progress = context.progress();
        this.storage = context.storage();
        this.writerSettings = writerSettings;
        this.listener = context.listener();
        this.pipelineName = context.pipelineName();
        this.format = format;
        this.parquetCompression = parquetCompression;
    }

    /** Normalizes every extracted package, oldest first; each normalized schema is stored in the working dir. */
    public NormalizeInfo normalizePending() {
        Map<String, Long> rowCounts = new LinkedHashMap<>();
        List<String> loadIds = new ArrayList<>();
        List<ValueWarning> warnings = new ArrayList<>();
        for (LoadPackage extracted : storage.extractedPackages()) {
            if (Files.exists(storage.normalized().resolve(extracted.loadId()))
                    || Files.exists(storage.loaded().resolve(extracted.loadId()))) {
                // a run died after the normalized package was committed and before this copy was removed
                PipelineStorage.deleteRecursively(extracted.root());
                continue;
            }
            Map<String, Long> counts;
            try {
                counts = normalizePackage(extracted, warnings);
            }
            catch (UncheckedIOException ex) {
                // writing the normalized package's files, or moving it on: the extracted package is still there, and
                // a full or unwritable disk is no reason to abort it
                throw IoErrors.workingDirFailure("normalizing load package " + extracted.loadId(), ex);
            }
            catch (TerminalException ex) {
                // the same data fails the same way every time: left pending, it would fail every later run too
                abort(extracted, ex);
                throw ex;
            }
            catch (RuntimeException ex) {
                extracted.recordPendingFailure(ex);
                throw ex;
            }
            counts.forEach((table, rows) -> rowCounts.merge(table, rows, Long::sum));
            loadIds.add(extracted.loadId());
        }
        return new NormalizeInfo(rowCounts, loadIds, List.copyOf(warnings));
    }

    private void abort(LoadPackage extracted, TerminalException failure) {
        PackageAborts aborts = new PackageAborts(storage);
        List<LoadPackage> aborted = aborts.abort(aborts.withDependents(extracted), String.valueOf(failure.getMessage()));
        failure.addOutcome("Load package " + extracted.loadId() + " was aborted" + (aborted.size() > 1 ? " (with "
                + (aborted.size() - 1) + " package(s) extracted on its state)" : "") + ": nothing of it was loaded, its "
                + "state changes were discarded and its files are kept in " + aborted.get(0).root() + "; a source "
                + "that reads incrementally gives its rows again on the next run.");
    }

    private Map<String, Long> normalizePackage(LoadPackage extracted, List<ValueWarning> warnings) {
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
        if (Files.exists(normalizing.root())) {
            // files of an attempt that failed in this process: they must not join this attempt's
            PipelineStorage.deleteRecursively(normalizing.root());
        }
        Path newJobs = normalizing.folder(JobState.NEW);
        @Nullable SchemaContract runContract = SchemaContract.parse(extracted.readState().get("schema_contract"));
        List<Path> jobs = extracted.jobs(JobState.NEW);
        List<Worker> done;
        try {
            Files.createDirectories(newJobs);
            int parallel = Math.min(workers, jobs.size());
            List<Worker> attempt = parallel > 1 ? inParallel(extracted, jobs, schema, runContract, newJobs, parallel)
                    : List.of();
            Schema merged = attempt.isEmpty() ? null
                    : WorkerSchemas.merge(schema, attempt.stream().map(worker -> worker.schema).toList());
            if (merged != null) {
                schema = merged;
                done = attempt;
            }
            else {
                if (!attempt.isEmpty()) {
                    progress.rowsDiscarded(attempt.stream().flatMap(worker -> worker.writers.values().stream())
                            .mapToLong(LoaderFileWriter::itemCount).sum());
                    log.info("Load package {}: parallel normalize workers inferred different columns; normalizing it "
                            + "again in one thread", extracted.loadId());
                    PipelineStorage.deleteRecursively(newJobs);
                    Files.createDirectories(newJobs);
                }
                Worker worker = new Worker(extracted.loadId(), schema, runContract, newJobs);
                worker.normalize(jobs);
                done = List.of(worker);
            }
        }
        catch (IOException | RuntimeException ex) {
            // nothing of a failed package is kept: the extracted package stays and is normalized again next run
            if (Files.exists(normalizing.root())) {
                PipelineStorage.deleteRecursively(normalizing.root());
            }
            if (ex instanceof IOException || ex instanceof UncheckedIOException) {
                throw IoErrors.workingDirFailure("normalizing load package " + extracted.loadId(), ex);
            }
            throw (RuntimeException) ex;
        }
        Map<String, Set<String>> nullOnly = new TreeMap<>();
        Schema normalized = schema;
        for (Worker worker : done) {
            worker.coercer.nullOnlyColumns().forEach((table, columns) -> {
                Table known = normalized.table(table);
                for (String column : columns) {
                    // null in one worker's rows, but given a value (and a column) by another's
                    Column typed = known == null ? null : known.column(column);
                    if (typed == null || !typed.isComplete()) {
                        nullOnly.computeIfAbsent(table, t -> new java.util.TreeSet<>()).add(column);
                    }
                }
            });
        }
        List<ValueWarning> packageWarnings = ValueWarnings.merge(extracted.loadId(),
                done.stream().map(worker -> worker.warnings).toList());
        ValueWarnings.log(pipelineName, packageWarnings);
        warnings.addAll(packageWarnings);
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
        schema.bumpVersion();
        normalizing.writeSchema(schema);
        normalizing.writeState(extracted.readState());
        normalizing.writeFile(LoadPackage.SCHEMA_UPDATES_FILE, schemaUpdates(before, schema));
        Map<String, Long> csvLineBytes = new TreeMap<>();
        for (Worker worker : done) {
            worker.writers.values().forEach(writer -> csvLineBytes.putAll(writer.csvLineBytes()));
        }
        if (!csvLineBytes.isEmpty()) {
            normalizing.writeFile(LoadPackage.CSV_LINE_BYTES_FILE, csvLineBytes);
        }
        storage.move(normalizing, storage.normalized());
        storage.writeSchema(schema);
        PipelineStorage.deleteRecursively(extracted.root());
        listener.normalized(extracted.loadId());
        Map<String, Long> counts = new TreeMap<>();
        for (Worker worker : done) {
            worker.writers.forEach((table, writer) -> counts.merge(table, writer.itemCount(), Long::sum));
        }
        return counts;
    }

    /**
     * The package's files shared among workers, each on its own copy of the schema, on threads of their own; the
     * caller merges their schemas in worker order. Each worker takes a contiguous run of files, so merging in worker
     * order adds tables and columns in the order one thread would have met them, whatever the number of workers.
     */
    private List<Worker> inParallel(LoadPackage extracted, List<Path> jobs, Schema schema,
            @Nullable SchemaContract runContract,
            Path newJobs, int parallel) throws IOException {
        List<Worker> started = new ArrayList<>();
        List<List<Path>> shares = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            started.add(new Worker(extracted.loadId(), schema.copy(), runContract, newJobs));
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < jobs.size(); i++) {
            shares.get((int) ((long) i * parallel / jobs.size())).add(jobs.get(i));
        }
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        List<ThrowingTask> tasks = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            Worker worker = started.get(i);
            List<Path> share = shares.get(i);
            tasks.add(() -> {
                try {
                    worker.normalize(share, failed);
                }
                catch (IOException | RuntimeException | Error ex) {
                    failed.set(true);
                    throw ex;
                }
            });
        }
        // an interrupted wait tells the workers to stop at their next file
        runAll("jdlt-normalize-" + pipelineName, parallel, tasks, () -> failed.set(true),
                "normalizing " + extracted.loadId());
        return started;
    }

    /** A piece of work for {@link #runAll}. */
    @FunctionalInterface
    private interface ThrowingTask {
        void run() throws IOException;
    }

    /**
     * Runs the tasks on threads of their own and waits for every one (each closes its own files) before the first
     * failure, if any, is thrown: the caller then deletes the package's files, which no task still writes.
     */
    private static void runAll(String threadName, int threadCount, List<ThrowingTask> tasks, Runnable onInterrupt,
            String what) throws IOException {
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(threadCount, tasks.size())), runnable -> {
                    Thread thread = new Thread(runnable, threadName);
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (ThrowingTask task : tasks) {
                futures.add(threads.submit(() -> {
                    task.run();
                    return null;
                }));
            }
            Throwable failure = null;
            for (java.util.concurrent.Future<?> future : futures) {
                try {
                    future.get();
                }
                catch (java.util.concurrent.ExecutionException ex) {
                    failure = failure == null ? ex.getCause() : failure;
                }
                catch (InterruptedException ex) {
                    onInterrupt.run();
                    threads.shutdown();
                    awaitQuietly(threads);
                    Thread.currentThread().interrupt();
                    throw new io.jdlt.common.TransientException("interrupted while " + what, ex);
                }
            }
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
        }
        finally {
            threads.shutdown();
        }
    }

    /** Waits for the threads to end; an interrupted caller has nothing better to do before deleting their files. */
    private static void awaitQuietly(java.util.concurrent.ExecutorService threads) {
        try {
            threads.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        }
        catch (InterruptedException again) {
            Thread.currentThread().interrupt();
        }
    }

    /** Normalizes files into loader files of its own, with its own schema, normalizer and coercer. */
    private final class Worker {

        final Schema schema;
        final RowCoercer coercer;
        final ValueWarnings warnings = new ValueWarnings();
        final Map<String, LoaderFileWriter> writers = new LinkedHashMap<>();
        private final RowGroupBudget rowGroups = new RowGroupBudget();
        private final RelationalNormalizer normalizer;
        private final String loadId;
        private final Path newJobs;

        Worker(String loadId, Schema schema, @Nullable SchemaContract runContract, Path newJobs) {
            this.loadId = loadId;
            this.schema = schema;
            this.newJobs = newJobs;
            this.normalizer = new RelationalNormalizer(schema, warnings);
            this.coercer = new RowCoercer(schema, runContract, pipelineName, warnings);
        }

        void normalize(List<Path> jobs) throws IOException {
            normalize(jobs, new java.util.concurrent.atomic.AtomicBoolean());
        }

        /** Stops before its next file when another worker failed: the package is redone anyway. */
        void normalize(List<Path> jobs, java.util.concurrent.atomic.AtomicBoolean othersFailed) throws IOException {
            try {
                for (Path job : jobs) {
                    if (othersFailed.get()) {
                        break;
                    }
                    normalizeFile(job);
                }
            }
            catch (IOException | RuntimeException ex) {
                JobFileWriter.closeAll(writers.values(), ex);
                throw ex;
            }
            JobFileWriter.closeEach(writers.values());
        }

        private void normalizeFile(Path job) throws IOException {
            listener.normalizeFileStarted(loadId, job.getFileName().toString());
            String rootTable = JobFileName.parse(job.getFileName().toString()).tableName();
            if (schema.isKind(rootTable, WriteDisposition.Kind.REPLACE)) {
                // the root table gets a job even without rows: the loader then empties its table chain
                writer(rootTable).createEmptyFile();
            }
            readItems(job, rootTable, item -> normalizer.normalize(item, loadId, rootTable, (table, parent, row) -> {
                Map<String, Object> coerced = coercer.coerce(table, parent, row);
                if (coerced == null) {
                    return false;
                }
                writer(table).write(coerced);
                progress.rowNormalized();
                return true;
            }));
        }

        private LoaderFileWriter writer(String table) {
            return writers.computeIfAbsent(table, t -> LoaderFileWriter.of(newJobs, schema, t, format,
                    parquetCompression, writerSettings, rowGroups));
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
                if (token != JsonToken.VALUE_NULL && item != null) {
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
                    columns.put(column.name(), Map.of("name", column.name(), "data_type", column.type().dltName(),
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
