package io.jdlt;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import io.jdlt.common.JdltException;
import io.jdlt.common.PipelineListener;
import io.jdlt.common.PipelineStage;
import io.jdlt.common.RunProgress;
import io.jdlt.common.TerminalException;
import io.jdlt.common.TransientException;
import io.jdlt.config.ConfigSection;
import io.jdlt.config.Configuration;
import io.jdlt.destination.Destination;
import io.jdlt.destination.DestinationContext;
import io.jdlt.destination.Destinations;
import io.jdlt.destination.JobClient;
import io.jdlt.destination.StagingArea;
import io.jdlt.extract.ExtractException;
import io.jdlt.extract.ExtractInfo;
import io.jdlt.extract.ExtractParallelism;
import io.jdlt.extract.Extractor;
import io.jdlt.extract.Resource;
import io.jdlt.extract.Source;
import io.jdlt.extract.SourceConfig;
import io.jdlt.json.Json;
import io.jdlt.load.LoadPackageInfo;
import io.jdlt.load.Loader;
import io.jdlt.normalize.NormalizeInfo;
import io.jdlt.normalize.Normalizer;
import io.jdlt.schema.NamingConvention;
import io.jdlt.schema.Schema;
import io.jdlt.schema.SchemaContract;
import io.jdlt.schema.SchemaFiles;
import io.jdlt.schema.SnakeCaseNaming;
import io.jdlt.schema.WriteDisposition;
import io.jdlt.state.PipelineState;
import io.jdlt.format.DataWriterSettings;
import io.jdlt.storage.IoErrors;
import io.jdlt.storage.LoadIds;
import io.jdlt.storage.LoadPackage;
import io.jdlt.format.LoaderFileFormat;
import io.jdlt.storage.PackageAborts;
import io.jdlt.storage.PackageStatus;
import io.jdlt.format.ParquetCompression;
import io.jdlt.format.ParquetRowFile;
import io.jdlt.storage.PipelineStorage;
import io.jdlt.storage.StageContext;
import io.jdlt.storage.WorkingDirLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pipeline moves data from resources to a destination in three stages, each persisted in the working dir so
 * that a run that dies is finished by the next one: {@link #extract} writes what resources yield into a load
 * package, {@link #normalize} turns it into tables and columns, {@link #load} commits it to the destination.
 * {@link #run} does all three, after first finishing any package a previous run left pending.
 * <p>
 * A pipeline is safe to call from several threads: its stages run one at a time.
 */
public final class Pipeline {

    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final DateTimeFormatter DEV_MODE_SUFFIX = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
            .withZone(ZoneOffset.UTC);

    private final String name;
    private final Destination destination;
    private final String datasetName;
    private final PipelineStorage storage;
    private final PipelineConfig config;
    private final @Nullable DataWriterSettings explicitWriterSettings;
    private final DataWriterSettings normalizeWriterSettings;
    private final boolean raiseOnFailedJobs;
    private final NamingConvention naming;
    private final PipelineListener listener;
    private final boolean restoreFromDestination;
    private final @Nullable Path importSchemaPath;
    private final @Nullable Path exportSchemaPath;
    private final LoaderFileFormat loaderFileFormat;
    private final ParquetCompression parquetCompression;
    private final @Nullable StagingArea staging;
    private final ExtractParallelism extractParallelism;
    private final @Nullable Integer explicitExtractWorkers;
    private final @Nullable Integer explicitMaxParallelItems;
    private final RunProgress progress = new RunProgress();
    private final int normalizeWorkers;
    private final StageContext stageContext;

    private Pipeline(Builder builder) {
        this.name = builder.name;
        this.config = new PipelineConfig(builder.configuration != null ? builder.configuration
                : Configuration.standard(), name);
        this.destination = builder.destination != null ? builder.destination
                : Destinations.create(builder.destinationName, new DestinationContext(name, config.configuration(),
                        builder.dataSource));
        this.naming = new SnakeCaseNaming(destination.capabilities().maxIdentifierLength());
        Path pipelinesDir = config.pipelineSetting(builder.pipelinesDir, "pipelines_dir", Path.class,
                defaultPipelinesDir());
        this.storage = new PipelineStorage(pipelinesDir.resolve(name));
        String dataset = config.pipelineSetting(builder.datasetName, "dataset_name", String.class,
                name + "_dataset");
        if (config.pipelineSetting(builder.devMode, "dev_mode", Boolean.class, false)) {
            // dlt's dev mode: a fresh dataset and working dir for every pipeline instance
            dataset = dataset + "_" + DEV_MODE_SUFFIX.format(Instant.now());
            storage.wipe();
        }
        this.datasetName = naming.normalizeIdentifier(dataset);
        this.explicitWriterSettings = builder.writerSettings;
        // files a staging area keeps, or a destination stores as they are, are compressed as in dlt
        this.normalizeWriterSettings = config.normalizeWriter(builder.writerSettings,
                destination.capabilities().readsLoaderFilesOnce() && builder.staging == null);
        this.raiseOnFailedJobs = config.stageSetting(builder.raiseOnFailedJobs, "load.raise_on_failed_jobs", Boolean.class,
                true);
        this.listener = builder.listeners.size() == 1 ? builder.listeners.get(0)
                : PipelineListener.all(builder.listeners);
        this.restoreFromDestination = config.pipelineSetting(builder.restoreFromDestination, "restore_from_destination",
                Boolean.class, true);
        this.importSchemaPath = config.optionalPipelineSetting(builder.importSchemaPath, "import_schema_path", Path.class);
        this.exportSchemaPath = config.optionalPipelineSetting(builder.exportSchemaPath, "export_schema_path", Path.class);
        List<LoaderFileFormat> formats = destination.capabilities().loaderFileFormats();
        String configuredFormat = config.optionalStageSetting(null, "normalize.loader_file_format", String.class);
        this.loaderFileFormat = builder.loaderFileFormat != null ? builder.loaderFileFormat
                : configuredFormat != null ? LoaderFileFormat.fromName(configuredFormat) : formats.get(0);
        this.parquetCompression = builder.parquetCompression;
        // dlt normalizes in one process by default; jdlt uses the cores it has, since its workers are threads
        this.normalizeWorkers = config.stageSetting(builder.normalizeWorkers, "normalize.workers", Integer.class,
                Math.min(4, Runtime.getRuntime().availableProcessors()));
        this.staging = builder.staging;
        this.explicitExtractWorkers = builder.extractWorkers;
        this.explicitMaxParallelItems = builder.maxParallelItems;
        this.extractParallelism = config.extractParallelism(explicitExtractWorkers, explicitMaxParallelItems, null);
        if (loaderFileFormat == LoaderFileFormat.PARQUET && !ParquetRowFile.available()) {
            throw new TerminalException("loader file format parquet needs org.apache.parquet:parquet-avro (and "
                    + "org.xerial.snappy:snappy-java or com.github.luben:zstd-jni) on the class path");
        }
        if (!formats.contains(loaderFileFormat)) {
            throw new TerminalException("destination " + destination.name() + " does not load " + loaderFileFormat
                    .extension() + " files; it loads " + formats.stream().map(LoaderFileFormat::extension).toList());
        }
        storage.open();
        this.stageContext = new StageContext(name, storage, listener, progress);
    }

    /** {@code JDLT_DATA_DIR}, else {@code ~/.jdlt/pipelines}. */
    static Path defaultPipelinesDir() {
        String dataDir = System.getenv("JDLT_DATA_DIR");
        if (dataDir != null && !dataDir.isBlank()) {
            return Path.of(dataDir).resolve("pipelines");
        }
        return Path.of(System.getProperty("user.home"), ".jdlt", "pipelines");
    }

    public String name() {
        return name;
    }

    public String datasetName() {
        return datasetName;
    }

    public Destination destination() {
        return destination;
    }

    /**
     * The settings this pipeline runs with, by dlt's keys, whether code, configuration or defaults gave them; for
     * logs and Actuator (the destination's location never shows a password).
     */
    public Map<String, Object> effectiveSettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("pipeline_name", name);
        settings.put("destination", destination.name());
        settings.put("destination_location", destination.location());
        settings.put("dataset_name", datasetName);
        settings.put("pipelines_dir", String.valueOf(storage.workingDir().toAbsolutePath().getParent()));
        settings.put("restore_from_destination", restoreFromDestination);
        settings.put("extract.workers", extractParallelism.workers());
        settings.put("extract.max_parallel_items", extractParallelism.maxParallelItems());
        settings.put("normalize.loader_file_format", loaderFileFormat.extension());
        settings.put("normalize.workers", normalizeWorkers);
        settings.put("normalize.data_writer.buffer_max_items", normalizeWriterSettings.bufferMaxItems());
        settings.put("normalize.data_writer.file_max_items", normalizeWriterSettings.fileMaxItems());
        settings.put("normalize.data_writer.file_max_bytes", normalizeWriterSettings.fileMaxBytes());
        settings.put("normalize.data_writer.disable_compression", normalizeWriterSettings.disableCompression());
        settings.put("load.raise_on_failed_jobs", raiseOnFailedJobs);
        return settings;
    }

    /** The format of the files normalize writes for the destination. */
    public LoaderFileFormat loaderFileFormat() {
        return loaderFileFormat;
    }

    /** The configuration this pipeline resolves its settings and its sources' values from. */
    public Configuration configuration() {
        return config.configuration();
    }

    /**
     * A source's configuration as this pipeline sees it: {@code <pipeline>.sources.<source>.<key>} first, then
     * {@code sources.<source>.<key>} and the shorter keys (dlt's lookup). For values a source needs before it is built:
     * {@code pipeline.sourceConfig("github").secret("token")}.
     */
    public ConfigSection sourceConfig(String sourceName) {
        return config.configuration().source(name, sourceName);
    }

    public Path workingDir() {
        return storage.workingDir();
    }

    /** The stored schema of a source (or of this pipeline's standalone resources, named after the pipeline). */
    public Optional<Schema> schema(String schemaName) {
        return storage.readSchema(naming.normalizeIdentifier(schemaName));
    }

    /**
     * The pipeline state as stored in {@code state.json} and at the destination, without its local part. Read without
     * waiting for a run in flight: {@code state.json} is replaced atomically, so this is the state of the last commit.
     */
    public Map<String, Object> state() {
        return PipelineState.load(storage, name).syncedPart();
    }

    /** How far the run in flight has come (or what the last one did); safe to read from any thread at any time. */
    public RunProgress.Snapshot progress() {
        return progress.snapshot();
    }

    /**
     * The load packages in the working dir, oldest first: those waiting for normalize ({@code EXTRACTED}) or load
     * ({@code NORMALIZED}), then the newest {@code loadedLimit} loaded or aborted ones, each with its jobs.
     */
    public List<LoadPackageInfo> loadPackages(int loadedLimit) {
        // read without waiting for a run in flight: a package it moves on meanwhile is shown where it was or left out
        List<LoadPackageInfo> packages = new ArrayList<>();
        for (LoadPackage extracted : storage.extractedPackages()) {
            describe(extracted, PackageStatus.EXTRACTED).ifPresent(packages::add);
        }
        for (LoadPackage normalized : storage.normalizedPackages()) {
            describe(normalized, PackageStatus.NORMALIZED).ifPresent(packages::add);
        }
        List<LoadPackage> loaded = storage.loadedPackages();
        for (LoadPackage loadPackage : loaded.subList(Math.max(0, loaded.size() - loadedLimit), loaded.size())) {
            describe(loadPackage, PackageAborts.isAborted(loadPackage) ? PackageStatus.ABORTED
                    : PackageStatus.LOADED).ifPresent(packages::add);
        }
        return packages;
    }

    private static Optional<LoadPackageInfo> describe(LoadPackage loadPackage, PackageStatus status) {
        try {
            return Optional.of(Loader.describe(loadPackage, status));
        }
        catch (UncheckedIOException | JdltException movedOn) {
            return Optional.empty();
        }
    }

    /** Packages waiting for normalize or load; counted without waiting for a run in flight. */
    public int pendingPackageCount() {
        return storage.extractedPackages().size() + storage.normalizedPackages().size();
    }

    /** Whether packages wait for normalize or load, left by an earlier extract or a run that died. */
    public synchronized boolean hasPendingData() {
        try (WorkingDirLock.Held held = storage.lock()) {
            return !storage.extractedPackages().isEmpty() || !storage.normalizedPackages().isEmpty();
        }
    }

    // ------------------------------------------------------------------------------------------------ run

    /** Finishes the packages earlier runs left pending, without extracting anything. */
    public LoadInfo run() {
        return runSource(null);
    }

    /** Runs the source: pending packages first, then extract, normalize and load of the new data. */
    public LoadInfo run(Source source) {
        return runSource(Objects.requireNonNull(source, "source must not be null"));
    }

    /** Runs the source with a schema contract for this run only, over the resources' and the source's own. */
    public LoadInfo run(Source source, SchemaContract contract) {
        return runSource(Objects.requireNonNull(source, "source must not be null"),
                Objects.requireNonNull(contract, "schema contract must not be null"));
    }

    /** Runs standalone resources, grouped in a source named after the pipeline. */
    public LoadInfo run(Resource... resources) {
        return runSource(standalone(resources));
    }

    /** Runs plain data into a table: a list of maps, records, beans or JSON nodes. */
    public LoadInfo run(Iterable<?> data, String tableName) {
        return runSource(standalone(Resource.of(tableName, data)));
    }

    private LoadInfo runSource(@Nullable Source source) {
        return runSource(source, null);
    }

    private synchronized LoadInfo runSource(@Nullable Source source, @Nullable SchemaContract contract) {
        return withWorkingDir("in a run", () -> {
            try (WorkingDirLock.Held held = storage.lock()) {
                return runLocked(source, contract);
            }
        });
    }

    /** The working dir's I/O outside a stage (its lock, state.json, moving packages) fails as a TransientException. */
    private <T> T withWorkingDir(String what, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        }
        catch (UncheckedIOException ex) {
            throw IoErrors.workingDirFailure(what + " of pipeline " + name, ex);
        }
    }

    private LoadInfo runLocked(@Nullable Source source, @Nullable SchemaContract contract) {
        Instant started = Instant.now();
        // dlt resolves a source's configuration when the source is created: a missing value stops the run before it
        // touches the destination or extracts anything
        SourceConfig sourceConfig = source == null ? null : SourceConfig.resolve(config.configuration(), name, source);
        progress.runStarted();
        if (restoreFromDestination) {
            syncDestination();
        }
        List<LoadPackageInfo> packages = new ArrayList<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        if (hasPendingData()) {
            // as dlt, a package a previous run left behind is finished first; dlt then returns and drops the data
            // of this call, jdlt goes on to extract it
            log.warn("Pipeline {} has pending load packages; finishing them before extracting new data", name);
            normalizeAndLoad(rows, packages);
        }
        if (source != null) {
            extractLocked(source, contract, Objects.requireNonNull(sourceConfig));
            normalizeAndLoad(rows, packages);
        }
        // only what was committed: the state of a package still pending or aborted is not the pipeline's
        PipelineState committed = committedState();
        committed.markRunDone();
        committed.save(storage);
        if (exportSchemaPath != null) {
            for (String schemaName : workingState().schemaNames()) {
                storage.readSchema(schemaName).ifPresent(schema -> SchemaFiles.export(schema, exportSchemaPath));
            }
        }
        return new LoadInfo(name, destination.name(), destination.location(), datasetName, packages, rows, started,
                Instant.now());
    }

    /**
     * Normalizes and loads what is pending. A package aborted at normalize does not hold back the packages normalized
     * before it (a backfill's earlier checkpoints): they are loaded, then the abort is raised.
     */
    private void normalizeAndLoad(Map<String, Long> rows, List<LoadPackageInfo> packages) {
        TerminalException aborted = null;
        try {
            normalize().rowCounts().forEach((t, n) -> rows.merge(t, n, Long::sum));
        }
        catch (TerminalException ex) {
            aborted = ex;
        }
        try {
            packages.addAll(load().loadPackages());
        }
        catch (RuntimeException loadFailure) {
            if (aborted != null) {
                loadFailure.addSuppressed(aborted);
            }
            throw loadFailure;
        }
        if (aborted != null) {
            throw aborted;
        }
    }

    // ------------------------------------------------------------------------------------------------ stages

    /** Extracts a source into a new load package under {@code normalize/extracted}. */
    public synchronized ExtractInfo extract(Source source) {
        try (WorkingDirLock.Held held = storage.lock()) {
            return extractLocked(source, null, SourceConfig.resolve(config.configuration(), name, source));
        }
    }

    /** Runs one stage: the progress shows it, and listeners hear it start and end (with the error that ended it). */
    private <T> T stage(PipelineStage stage, java.util.function.Supplier<T> body) {
        progress.stageStarted(stage);
        try {
            listener.stageStarted(stage);
            T result = body.get();
            listener.stageFinished(stage, null);
            return result;
        }
        catch (UncheckedIOException ex) {
            // reading or writing the working dir (a full disk, a folder removed under the run): the packages stay
            // where they are, and the next run takes them up again
            RuntimeException failure = IoErrors.workingDirFailure("in the " + stage.label() + " stage of pipeline "
                    + name, ex);
            listener.stageFinished(stage, failure);
            throw failure;
        }
        catch (RuntimeException | Error ex) {
            listener.stageFinished(stage, ex);
            throw ex;
        }
        finally {
            progress.stageEnded();
        }
    }

    private ExtractInfo extractLocked(Source source, @Nullable SchemaContract contract, SourceConfig sourceConfig) {
        return stage(PipelineStage.EXTRACT, () -> extractStage(source, contract, sourceConfig));
    }

    private ExtractInfo extractStage(Source source, @Nullable SchemaContract contract, SourceConfig sourceConfig) {
        for (Resource resource : source.resources()) {
            WriteDisposition disposition = resource.writeDisposition();
            if (disposition != null && disposition.mergeStrategy() != null
                    && !destination.capabilities().mergeStrategies().contains(disposition.mergeStrategy())
                    && !destination.capabilities().mergeFallsBackToAppend()) {
                throw new ExtractException(resource.name(), "destination " + destination.name() + " does not support "
                        + "the merge strategy " + disposition.mergeStrategy().dltName() + "; it supports "
                        + destination.capabilities().mergeStrategies());
            }
        }
        // read now, not kept: another pipeline instance on this working dir may have moved the state on; pending
        // packages count, since this package is loaded after them
        PipelineState state = workingState();
        String schemaName = naming.withMaxLength(64).normalizeIdentifier(source.name());
        Schema schema = storage.readSchema(schemaName).orElseGet(() -> new Schema(schemaName, naming));
        if (importSchemaPath != null) {
            SchemaFiles.read(schemaName, importSchemaPath).ifPresent(imported -> SchemaFiles.applyImported(imported, schema));
        }
        state.describe(datasetName, "jdlt.destinations." + destination.name(), schemaName);
        DataWriterSettings extractWriter = config.extractWriter(explicitWriterSettings, source.name());
        // a failed extract leaves no package, so the state changes its resources made go with this local copy
        ExtractParallelism parallelism = config.extractParallelism(explicitExtractWorkers, explicitMaxParallelItems,
                source.name());
        return new Extractor(stageContext, extractWriter, parallelism).extract(source, schema, state, contract,
                sourceConfig);
    }

    public ExtractInfo extract(Resource... resources) {
        return extract(standalone(resources));
    }

    public ExtractInfo extract(Iterable<?> data, String tableName) {
        return extract(standalone(Resource.of(tableName, data)));
    }

    /** Normalizes every extracted package into a normalized package under {@code load/normalized}. */
    public synchronized NormalizeInfo normalize() {
        try (WorkingDirLock.Held held = storage.lock()) {
            return stage(PipelineStage.NORMALIZE, () -> new Normalizer(stageContext, normalizeWriterSettings,
                    loaderFileFormat, parquetCompression, normalizeWorkers).normalizePending());
        }
    }

    /** Loads every normalized package into the destination. */
    public synchronized LoadInfo load() {
        Instant started = Instant.now();
        List<LoadPackageInfo> packages;
        try (WorkingDirLock.Held held = storage.lock()) {
            packages = stage(PipelineStage.LOAD, () -> new Loader(stageContext, destination, datasetName,
                    raiseOnFailedJobs, staging).loadPending());
        }
        return new LoadInfo(name, destination.name(), destination.location(), datasetName, packages, Map.of(), started,
                Instant.now());
    }

    // ------------------------------------------------------------------------------------------ operator controls

    /** The packages that wait for normalize ({@code EXTRACTED}) or load ({@code NORMALIZED}), oldest first. */
    public List<LoadPackageInfo> pendingPackages() {
        return loadPackages(0);
    }

    /** Whether the package with this load id waits for normalize or load. */
    public boolean isPending(String loadId) {
        return storage.pendingPackage(loadId).isPresent();
    }

    /**
     * The aborted packages still in the working dir, oldest first, each with the reason ({@link
     * LoadPackageInfo#failure()}); their files are in {@code load/loaded/<load_id>}.
     */
    public List<LoadPackageInfo> abortedPackages() {
        List<LoadPackageInfo> aborted = new ArrayList<>();
        for (LoadPackage loadPackage : storage.loadedPackages()) {
            if (PackageAborts.isAborted(loadPackage)) {
                describe(loadPackage, PackageStatus.ABORTED).ifPresent(aborted::add);
            }
        }
        return aborted;
    }

    /**
     * Loads a pending package now, e.g. once the database it waits for is back: as {@link #run()} does, it finishes
     * every pending package, oldest first, and extracts nothing.
     *
     * @throws IllegalArgumentException when no package with this load id is pending
     */
    public synchronized LoadInfo retryPackage(String loadId) {
        return withWorkingDir("retrying load package " + loadId, () -> retryLocked(loadId));
    }

    private LoadInfo retryLocked(String loadId) {
        try (WorkingDirLock.Held held = storage.lock()) {
            if (!isPending(loadId)) {
                throw new IllegalArgumentException("load package " + loadId + " of pipeline " + name + " is not "
                        + "pending; pending: " + storage.pendingPackages().stream().map(LoadPackage::loadId).toList());
            }
            return runLocked(null, null);
        }
    }

    /**
     * Drops a package. A pending one is aborted, as a package the destination refuses is: its files stay in {@code
     * load/loaded/<load_id>}, its state changes are discarded (a source that reads incrementally gives its rows
     * again), and so is any pending package extracted on those changes. An aborted one is deleted from the working
     * dir. A package the destination committed before a run stopped cannot be dropped: the next run completes it.
     *
     * @return the packages this dropped, as they are now
     * @throws IllegalStateException when the destination committed the package
     * @throws IllegalArgumentException when no pending or aborted package has this load id
     */
    public synchronized List<LoadPackageInfo> dropPackage(String loadId) {
        return withWorkingDir("dropping load package " + loadId, () -> dropLocked(loadId));
    }

    private List<LoadPackageInfo> dropLocked(String loadId) {
        try (WorkingDirLock.Held held = storage.lock()) {
            Optional<LoadPackage> pending = storage.pendingPackage(loadId);
            if (pending.isPresent()) {
                return dropPending(pending.get());
            }
            Optional<LoadPackage> aborted = storage.loadedPackage(loadId).filter(PackageAborts::isAborted);
            if (aborted.isEmpty()) {
                throw new IllegalArgumentException("load package " + loadId + " of pipeline " + name + " is neither "
                        + "pending nor aborted; a loaded package cannot be dropped");
            }
            List<LoadPackageInfo> dropped = describe(aborted.get(), PackageStatus.ABORTED).stream().toList();
            PipelineStorage.deleteRecursively(aborted.get().root());
            log.warn("Pipeline {}: aborted load package {} was deleted by an operator", name, loadId);
            return dropped;
        }
    }

    private List<LoadPackageInfo> dropPending(LoadPackage pending) {
        String reason = "dropped by an operator";
        if (!pending.root().startsWith(storage.normalized())) {
            // extracted only: nothing of it reached the destination, which need not even be up
            return Loader.abort(storage, null, pending, reason);
        }
        try (JobClient client = destination.openClient(datasetName)) {
            if (client.isCommitted(pending.loadId())) {
                throw new IllegalStateException("load package " + pending.loadId() + " of pipeline " + name + " was "
                        + "committed at the destination by a run that stopped before its bookkeeping, so it cannot be "
                        + "dropped; run the pipeline (or retryPackage) to complete it");
            }
            return Loader.abort(storage, client, pending, reason);
        }
    }

    /**
     * Deletes packages that wait for normalize or load; their state changes go with them, since the pipeline's state
     * only ever takes that of a committed package. A package the destination committed before a run stopped (its
     * bookkeeping undone) is kept for the next run to complete. {@link #dropPackage} drops one and keeps its files.
     */
    public synchronized void dropPendingPackages() {
        withWorkingDir("dropping the pending packages", () -> {
            try (WorkingDirLock.Held held = storage.lock()) {
                List<LoadPackage> normalized = storage.normalizedPackages();
                if (!normalized.isEmpty()) {
                    // the destination first: if it cannot say what it committed, nothing is dropped
                    try (JobClient client = destination.openClient(datasetName)) {
                        for (LoadPackage loadPackage : normalized) {
                            if (client.isCommitted(loadPackage.loadId())) {
                                // deleting it would lose the state that goes with rows already loaded
                                log.warn("Pipeline {}: load package {} was committed by a run that stopped before "
                                        + "its bookkeeping; it is kept for the next run to complete", name,
                                        loadPackage.loadId());
                                continue;
                            }
                            client.discardPackage(loadPackage.loadId(), Loader.createdAt(loadPackage),
                                    loadPackage.readSchema(), loadPackage.allJobs());
                            PipelineStorage.deleteRecursively(loadPackage.root());
                        }
                    }
                }
                storage.extractedPackages().forEach(p -> PipelineStorage.deleteRecursively(p.root()));
            }
            return null;
        });
    }

    /**
     * The state of the last package committed at the destination: {@code state.json}, or the newer state of a
     * committed package when a run died after the commit and before saving {@code state.json}.
     */
    private PipelineState committedState() {
        List<LoadPackage> loaded = storage.loadedPackages();
        for (int i = loaded.size() - 1; i >= 0; i--) {
            LoadPackage newest = loaded.get(i);
            if (PackageAborts.isAborted(newest)) {
                continue;
            }
            if (PipelineState.promote(storage, newest, datasetName)) {
                log.warn("Pipeline {}: state.json was older than committed load package {}; continuing from the "
                        + "package's state", name, newest.loadId());
            }
            break;
        }
        return PipelineState.load(storage, name);
    }

    /**
     * The committed state moved on by the packages still pending, newest last: what the next extract starts from, since
     * its package loads after them. Never saved: a pending package's state is the pipeline's only once it commits.
     */
    private PipelineState workingState() {
        PipelineState working = committedState();
        for (LoadPackage pending : storage.pendingPackages()) {
            Map<String, Object> packaged = PipelineState.packaged(pending);
            if (packaged != null) {
                working.restore(packaged, datasetName);
            }
        }
        return working;
    }

    /**
     * dlt's {@code sync_destination} (reference §5.4): takes the newest state stored with a committed package when it
     * is at least as new as the local one, and the schemas it names. Unlike dlt it never deletes pending packages.
     */
    private void syncDestination() {
        PipelineState committed = committedState();
        try (JobClient client = destination.openClient(datasetName)) {
            Optional<String> remote = client.latestState(name);
            boolean restored = remote.isPresent() && committed.restore(PipelineState.decode(remote.get()), datasetName);
            if (restored) {
                log.info("Pipeline {}: restored state version {} from dataset {}", name, committed.version(),
                        datasetName);
                committed.save(storage);
            }
            for (String schemaName : committed.schemaNames()) {
                if (restored || storage.readSchema(schemaName).isEmpty()) {
                    client.latestSchema(schemaName).ifPresent(document -> storage.writeSchema(Schema.fromDocument(
                            Json.readMap(document))));
                }
            }
        }
    }

    private Source standalone(Resource... resources) {
        return Source.of(name, resources);
    }

    @Override
    public String toString() {
        return "Pipeline[" + name + " -> " + destination.name() + ":" + datasetName + "]";
    }

    /** Builds a {@link Pipeline}; only the name is required (the destination defaults to DuckDB). */
    public static final class Builder {

        private final String name;
        private String destinationName = Jdlt.DEFAULT_DESTINATION;
        private @Nullable Destination destination;
        private @Nullable String datasetName;
        private @Nullable Path pipelinesDir;
        private @Nullable Boolean devMode;
        private @Nullable Boolean raiseOnFailedJobs;
        private @Nullable DataWriterSettings writerSettings;
        private final List<PipelineListener> listeners = new ArrayList<>(List.of(PipelineListener.NONE));
        private @Nullable Boolean restoreFromDestination;
        private @Nullable Path importSchemaPath;
        private @Nullable Path exportSchemaPath;
        private @Nullable LoaderFileFormat loaderFileFormat;
        private ParquetCompression parquetCompression = ParquetCompression.SNAPPY;
        private @Nullable StagingArea staging;
        private @Nullable Integer extractWorkers;
        private @Nullable Integer maxParallelItems;
        private @Nullable Integer normalizeWorkers;
        private @Nullable Configuration configuration;
        private @Nullable DataSource dataSource;

        Builder(@Nullable String name) {
            if (name == null || !VALID_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("pipeline name '" + name + "' is not valid: use letters, digits, "
                        + "'_', '-' and '.', starting with a letter, digit or '_'");
            }
            this.name = name;
        }

        /** A destination by name, found on the class path ({@code duckdb}). */
        public Builder destination(String destinationName) {
            this.destinationName = Objects.requireNonNull(destinationName, "destination name must not be null");
            this.destination = null;
            return this;
        }

        /** A configured destination, e.g. {@code DuckDbDestination.at(path)}. */
        public Builder destination(Destination configured) {
            this.destination = Objects.requireNonNull(configured, "destination must not be null");
            return this;
        }

        /** The dataset (schema) to load into; defaults to {@code <pipeline_name>_dataset}. */
        public Builder datasetName(String dataset) {
            this.datasetName = Objects.requireNonNull(dataset, "dataset name must not be null");
            return this;
        }

        /** The folder holding the working dirs of pipelines; defaults to {@code JDLT_DATA_DIR} or {@code ~/.jdlt/pipelines}. */
        public Builder pipelinesDir(Path dir) {
            this.pipelinesDir = Objects.requireNonNull(dir, "pipelines dir must not be null");
            return this;
        }

        /** Dev mode: every pipeline instance starts from an empty working dir and loads into a new, timestamped dataset. */
        public Builder devMode(boolean enabled) {
            this.devMode = enabled;
            return this;
        }

        /**
         * When false, a package the destination refuses is aborted but run() returns; check {@link
         * LoadInfo#hasFailedJobs()}. A package aborted at normalize always raises, as in dlt.
         */
        public Builder raiseOnFailedJobs(boolean raise) {
            this.raiseOnFailedJobs = raise;
            return this;
        }

        /** Buffering and file rotation of extract and normalize files (dlt's {@code [data_writer]}). */
        public Builder dataWriter(DataWriterSettings settings) {
            this.writerSettings = Objects.requireNonNull(settings, "data writer settings must not be null");
            return this;
        }

        /**
         * Hears every step of the pipeline (metrics, traces, or stopping it at a point in a test); several listeners
         * hear each step in the order they were added.
         */
        public Builder listener(PipelineListener pipelineListener) {
            Objects.requireNonNull(pipelineListener, "listener must not be null");
            listeners.remove(PipelineListener.NONE);
            listeners.add(pipelineListener);
            return this;
        }

        /**
         * dlt's {@code restore_from_destination} (default true): a run first takes the state and schemas stored at
         * the destination when they are newer than the working dir's, e.g. on a new machine.
         */
        public Builder restoreFromDestination(boolean restore) {
            this.restoreFromDestination = restore;
            return this;
        }

        /**
         * dlt's {@code import_schema_path}: {@code <schema>.schema.yaml} (or {@code .json}) files here are applied to
         * the schema at every extract, so that a schema pinned in git sets the hints.
         */
        public Builder importSchemaPath(Path directory) {
            this.importSchemaPath = Objects.requireNonNull(directory, "import schema path");
            return this;
        }

        /** dlt's {@code loader_file_format}: the files normalize writes; default: the destination's preferred one. */
        public Builder loaderFileFormat(LoaderFileFormat format) {
            this.loaderFileFormat = Objects.requireNonNull(format, "loader file format");
            return this;
        }

        /**
         * dlt's {@code staging}: normalized files are put into this staging area (a filesystem destination on a local
         * folder for DuckDB and PostgreSQL) and the destination loads them from there; they stay there afterwards.
         */
        public Builder staging(StagingArea stagingArea) {
            this.staging = Objects.requireNonNull(stagingArea, "staging area");
            return this;
        }

        /** dlt's {@code extract.workers}: threads that run parallelized resources and transformers (default 5). */
        public Builder extractWorkers(int workers) {
            this.extractWorkers = workers;
            return this;
        }

        /**
         * dlt's {@code extract.max_parallel_items}: items of parallelized transformers in flight at once (default 20).
         */
        public Builder maxParallelItems(int items) {
            this.maxParallelItems = items;
            return this;
        }

        /**
         * dlt's {@code normalize.workers}: threads that normalize the files of a package at once (default: the
         * machine's cores, at most 4). Extract rotates its files every 25,000 items unless configured otherwise, so
         * large packages have files to share.
         */
        public Builder normalizeWorkers(int workers) {
            this.normalizeWorkers = workers;
            return this;
        }

        /** How Parquet loader files compress their pages: snappy (default), zstd or none. */
        public Builder parquetCompression(ParquetCompression compression) {
            this.parquetCompression = Objects.requireNonNull(compression, "parquet compression");
            return this;
        }

        /** dlt's {@code export_schema_path}: after every run the schemas are written here as YAML. */
        public Builder exportSchemaPath(Path directory) {
            this.exportSchemaPath = Objects.requireNonNull(directory, "export schema path");
            return this;
        }

        /**
         * Where settings not given to this builder come from, and the values sources declare; defaults to
         * {@link Configuration#standard()}: environment variables, then {@code .dlt/secrets.toml}, then
         * {@code .dlt/config.toml}.
         */
        public Builder config(Configuration config) {
            this.configuration = Objects.requireNonNull(config, "configuration");
            return this;
        }

        /**
         * The application's DataSource: a destination named here ({@code postgres}, {@code duckdb}) loads into it
         * when its credentials are not configured.
         */
        public Builder dataSource(DataSource applicationDataSource) {
            this.dataSource = Objects.requireNonNull(applicationDataSource, "data source");
            return this;
        }

        public Pipeline build() {
            return new Pipeline(this);
        }
    }
}
