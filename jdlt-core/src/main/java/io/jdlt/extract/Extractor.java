package io.jdlt.extract;

import java.lang.reflect.Array;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.jdlt.common.PipelineListener;
import io.jdlt.common.RunProgress;
import io.jdlt.format.DataWriterSettings;
import io.jdlt.format.JobFileWriter;
import io.jdlt.json.TypedJson;
import io.jdlt.json.UnsupportedValueException;
import io.jdlt.schema.ColumnHint;
import io.jdlt.schema.MergeStrategy;
import io.jdlt.schema.Schema;
import io.jdlt.schema.SchemaContract;
import io.jdlt.schema.WriteDisposition;
import io.jdlt.state.PipelineState;
import io.jdlt.storage.JobState;
import io.jdlt.storage.LoadIds;
import io.jdlt.storage.LoadPackage;
import io.jdlt.storage.PackageAborts;
import io.jdlt.storage.PipelineStorage;
import io.jdlt.storage.StageContext;
import org.jspecify.annotations.Nullable;
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
    private final PipelineListener listener;
    private final String pipelineName;
    private final ExtractParallelism parallelism;
    private final RunProgress progress;

    public Extractor(StageContext context, DataWriterSettings writerSettings, ExtractParallelism parallelism) {
        this.parallelism = parallelism;
        this.progress = context.progress();
        this.storage = context.storage();
        this.writerSettings = writerSettings;
        this.listener = context.listener();
        this.pipelineName = context.pipelineName();
    }


    /**
     * Extracts the source into one load package, or several when resources commit checkpoints. Each package carries
     * the pipeline state as it was when the package closed (a {@code _dlt_pipeline_state} row when it changed); that
     * state becomes the pipeline's state when the package is committed at the destination: state and data never part.
     *
     * @param schema the source's schema; it receives the resources' table hints
     * @param state the pipeline state; resources read and write their part of it
     * @param config the source's configuration, its declared values already resolved
     */
    public ExtractInfo extract(Source source, Schema schema, PipelineState state, @Nullable SchemaContract runContract,
            SourceConfig config) {
        if (source.maxTableNesting() != null) {
            schema.maxNesting(source.maxTableNesting());
        }
        if (source.schemaContract() != null) {
            schema.schemaContract(source.schemaContract());
        }
        if (!source.typeWidenings().isEmpty()) {
            schema.typeWidenings(source.typeWidenings());
        }
        Session session = new Session(schema, state, runContract);
        ResourcePlan plan = ResourcePlan.of(source);
        AsyncItems asyncItems = new AsyncItems(parallelism.maxParallelItems());
        try (ExtractionPool pool = plan.hasParallelized() ? new ExtractionPool(parallelism) : null) {
            Map<String, RunningResource> running = new LinkedHashMap<>();
            for (ResourcePlan.Step step : plan.steps()) {
                RunningResource resource = prepare(step, source, schema, state, runContract, session, pool, asyncItems, config);
                running.put(step.name(), resource);
                if (step.resource().parent() != null) {
                    java.util.Objects.requireNonNull(running.get(java.util.Objects.requireNonNull(step.resource().parent())
                            .name())).transformers.add(resource);
                }
            }
            List<RunningResource> sequential = new ArrayList<>();
            for (RunningResource resource : running.values()) {
                if (resource.resource.parent() != null) {
                    continue;
                }
                if (pool != null && resource.resource.isParallelized()) {
                    pool.submitResource(resource::produce);
                }
                else {
                    sequential.add(resource);
                }
            }
            for (RunningResource resource : sequential) {
                resource.produce();
                // a later resource's checkpoint carries this resource's cursor
                resource.saveIncrementalStates();
            }
            // async items may feed parallelized transformers, whose items may be async again
            do {
                if (pool != null) {
                    pool.awaitAll();
                }
                asyncItems.awaitAll();
            }
            while ((pool != null && !pool.isIdle()) || !asyncItems.isIdle());
            for (RunningResource resource : running.values()) {
                resource.saveIncrementalStates();
                if (resource.step.selected()) {
                    session.counts.putIfAbsent(resource.tableName, resource.rowsBefore);
                }
            }
            session.commit();
        }
        catch (java.io.UncheckedIOException ex) {
            session.discard(ex);
            // the package's own files (state, schema, the move to extracted): the source did nothing wrong
            throw io.jdlt.storage.IoErrors.workingDirFailure("extracting load package " + session.loadId
                    + " of source '" + source.name() + "'", ex);
        }
        catch (RuntimeException ex) {
            session.discard(ex);
            throw ex;
        }
        finally {
            session.encoder.close();
        }
        return new ExtractInfo(session.loadIds, schema.name(), session.counts);
    }

    /**
     * A checkpoint commits a package of its own, which is then loaded as a whole load: that is wrong for
     * dispositions that treat a load as the complete data, and for cursors that would skip unread items.
     */
    private static void refuseCheckpoint(Resource resource, Schema schema, String tableName,
            @Nullable Incremental<?> incremental) {
        WriteDisposition disposition = schema.writeDisposition(tableName);
        String reason = null;
        if (disposition.kind() == WriteDisposition.Kind.REPLACE) {
            reason = "each package would replace the rows of the one before; use append or merge";
        }
        else if (disposition.is(MergeStrategy.SCD2)) {
            reason = "scd2 would retire the records of the packages before; checkpoint an append or merge resource";
        }
        else if (disposition.is(MergeStrategy.DELETE_INSERT)
                && !schema.requireTable(tableName).columnsWith(ColumnHint.MERGE_KEY).isEmpty()) {
            reason = "a merge key replaces whole partitions per package; merge on the primary key only";
        }
        else if (incremental != null && !incremental.isOrderedForCheckpoints()) {
            reason = "its incremental cursor would start after items not read yet; declare rowOrder(ASC) for a max "
                    + "cursor (DESC for min) when the source is sorted, or keep the position in ctx.state()";
        }
        if (reason != null) {
            throw new ExtractException(resource.name(), "cannot commit a checkpoint: " + reason);
        }
    }

    private static Incremental<?> bindIncremental(Resource resource, Map<String, Object> resourceState) {
        try {
            return java.util.Objects.requireNonNull(resource.hints().incremental()).bind(resourceState,
                    resource.hints().primaryKey());
        }
        catch (IllegalArgumentException ex) {
            throw new ExtractException(resource.name(), String.valueOf(ex.getMessage()), ex);
        }
    }

    /** The package being written and what the extract committed so far. */
    private final class Session {

        private final Schema schema;
        private final PipelineState state;
        private final @Nullable SchemaContract runContract;
        private final List<String> loadIds = new ArrayList<>();
        private final Map<String, Long> counts = new LinkedHashMap<>();
        private final Map<String, JobFileWriter> writers = new LinkedHashMap<>();
        private final PageEncoder encoder = PageEncoder.forThisMachine();
        private LoadPackage extracting;
        private String loadId;
        private String baseSourcesHash = "";
        private volatile boolean discarded;

        Session(Schema schema, PipelineState state, @Nullable SchemaContract runContract) {
            this.schema = schema;
            this.state = state;
            this.runContract = runContract;
            open();
        }

        void open() {
            // a package built on this state carries its changes: if one aborts, so must the other
            baseSourcesHash = state.sourcesHash();
            loadId = LoadIds.next();
            extracting = storage.newExtractPackage(loadId);
            writers.clear();
        }

        /** The table gets a writer in this package, so an empty replace resource still gets its (empty) job. */
        JobFileWriter touch(String tableName) {
            return writers.computeIfAbsent(tableName,
                    t -> new JobFileWriter(extracting.folder(JobState.NEW), t, FORMAT, writerSettings));
        }

        /** Writes accepted items, encoded in parallel when there are many: see {@link PageEncoder}. */
        void write(String resourceName, String tableName, List<?> items) {
            if (discarded) {
                // a late async item or publisher of a failed extraction: its package is gone
                throw new IllegalStateException("the extraction failed; item for table '" + tableName + "' dropped");
            }
            encoder.write(resourceName, items, touch(tableName));
            counts.merge(tableName, (long) items.size(), Long::sum);
            progress.itemsExtracted(items.size());
        }

        /** Closes the package with the state as it is now and moves it to extracted. */
        void commit() {
            Map<String, Object> stateRow = state.nextStateRow();
            if (stateRow != null) {
                touch(Schema.PIPELINE_STATE_TABLE).write(out -> TypedJson.write(out, stateRow));
            }
            for (JobFileWriter writer : writers.values()) {
                // an empty replace resource still gets an (empty) job: it must empty its tables, as in dlt
                if (writer.itemCount() == 0 && !schema.isKind(writer.tableName(), WriteDisposition.Kind.REPLACE)) {
                    writer.finish().forEach(Extractor::deleteQuietly);
                }
                else {
                    ensureFile(writer);
                }
            }
            Map<String, Object> packageState = new LinkedHashMap<>();
            packageState.put("created_at", TypedJson.formatTimestamp(OffsetDateTime.now(ZoneOffset.UTC)));
            packageState.put("pipeline_state", state.syncedPart());
            packageState.put(PackageAborts.BASE_SOURCES_HASH, baseSourcesHash);
            packageState.put(PackageAborts.SOURCES_HASH, state.sourcesHash());
            if (runContract != null) {
                packageState.put("schema_contract", runContract.document());
            }
            extracting.writeState(packageState);
            schema.bumpVersion();
            extracting.writeSchema(schema);
            // the stored schema goes first: normalize starts from it, so it must never be older than a package
            storage.writeSchema(schema);
            storage.move(extracting, storage.extracted());
            // state.json is not touched: the package's state becomes the pipeline's only once the package is
            // committed at the destination, so a package that never loads cannot move a cursor past its rows
            loadIds.add(loadId);
            listener.extractCommitted(loadId);
        }

        void discard(RuntimeException failure) {
            discarded = true;
            JobFileWriter.closeAll(writers.values(), failure);
            if (java.nio.file.Files.exists(extracting.root())) {
                PipelineStorage.deleteRecursively(extracting.root());
            }
        }
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

    /** Ends a resource whose incremental cursor says the source is past the range. */
    private static final class StopResource extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopResource() {
            super(null, null, false, false);
        }
    }

    private RunningResource prepare(ResourcePlan.Step step, Source source, Schema schema, PipelineState state,
            @Nullable SchemaContract runContract, Session session, @Nullable ExtractionPool pool, AsyncItems asyncItems, SourceConfig config) {
        Resource resource = step.resource();
        String tableName;
        if (step.selected()) {
            tableName = new ResourceTableHints(schema, pipelineName, runContract).apply(resource);
            session.touch(tableName);
        }
        else {
            tableName = schema.naming().normalizePath(resource.tableName() != null ? resource.tableName() : resource.name());
        }
        Map<String, Object> resourceState = state.resourceState(source.name(), resource.name());
        Incremental<?> incremental = resource.hints().incremental() == null ? null
                : bindIncremental(resource, resourceState);
        int every = resource.hints().checkpointEvery();
        if (pool != null && every > 0) {
            throw new ExtractException(resource.name(), "checkpointEvery cannot be used in a source with "
                    + "parallelized resources: a checkpoint commits every table at once, and parallelized resources are "
                    + "mid-way through theirs at any moment");
        }
        ResourceContext[] context = new ResourceContext[1];
        Runnable checkpoint = () -> {
            if (!asyncItems.isIdle()) {
                throw new ExtractException(resource.name(), "cannot commit a checkpoint while async items are "
                        + "pending: their rows would land after the state that counts them");
            }
            if (pool != null) {
                throw new ExtractException(resource.name(), "cannot commit a checkpoint in a source with "
                        + "parallelized resources: they are mid-way through their tables at any moment");
            }
            // a checkpoint the function calls itself comes from outside an emit: it takes the write lock too
            synchronized (session) {
                refuseCheckpoint(resource, schema, tableName, incremental);
                if (incremental != null) {
                    incremental.saveState();
                }
                session.commit();
                session.open();
                session.touch(tableName);
                context[0].loadId(session.loadId);
            }
        };
        context[0] = new ResourceContext(resource.name(), tableName, source.name(), session.loadId,
                resourceState, state.sourceState(source.name()), incremental, checkpoint, config);
        return new RunningResource(step, tableName, context[0], incremental, session, pool, asyncItems);
    }

    /**
     * One resource during an extraction: its emitter writes its items (when selected) and feeds them to its
     * transformers. Writes go one at a time under the session's lock, from whichever thread emits; the resource's
     * own work (fetching, waiting) runs outside the lock, which is what lets parallelized resources overlap.
     */
    private static final class RunningResource {

        final ResourcePlan.Step step;
        final Resource resource;
        final String tableName;
        final ResourceContext context;
        final @Nullable Incremental<?> incremental;
        final List<RunningResource> transformers = new ArrayList<>();
        final long rowsBefore;
        private final Session session;
        private final @Nullable ExtractionPool pool;
        private final AsyncItems asyncItems;
        private final int checkpointEvery;
        private long emits;
        private volatile boolean stopped;

        RunningResource(ResourcePlan.Step step, String tableName, ResourceContext context,
                @Nullable Incremental<?> incremental, Session session, @Nullable ExtractionPool pool,
                AsyncItems asyncItems) {
            this.step = step;
            this.asyncItems = asyncItems;
            this.resource = step.resource();
            this.tableName = tableName;
            this.context = context;
            this.incremental = incremental;
            this.session = session;
            this.pool = pool;
            this.checkpointEvery = resource.hints().checkpointEvery();
            this.rowsBefore = session.counts.getOrDefault(tableName, 0L);
        }

        /** Runs a resource with data of its own. */
        void produce() {
            run(() -> java.util.Objects.requireNonNull(resource.function()).produce(context, this::emit),
                    "failed while producing data");
        }

        /** Runs a transformer on one item or page of its parent. */
        void transform(Object itemOrPage) {
            run(() -> java.util.Objects.requireNonNull(resource.transformerFunction()).transform(itemOrPage, context,
                    this::emit),
                    "failed while transforming an item of '" + java.util.Objects.requireNonNull(resource.parent()).name()
                    + "'");
        }

        private void run(Callable body, String failure) {
            if (stopped) {
                return;
            }
            try {
                body.call();
            }
            catch (StopResource stop) {
                // the cursor is past the range: the rest of the source holds nothing new
            }
            catch (ExtractException | TransientExtractException ex) {
                throw ex;
            }
            catch (Exception ex) {
                if (stopped && causedByStop(ex)) {
                    // the function wrapped the stop in an exception of its own: still a normal end
                    return;
                }
                throw ExtractException.of(resource.name(), failure + ": " + ex, ex);
            }
        }

        private void emit(Object itemOrPage) {
            if (itemOrPage instanceof CompletionStage<?> async) {
                asyncItems.add(resource.name(), async, value -> {
                    try {
                        emit(value);
                    }
                    catch (StopResource stop) {
                        // the cursor is past the range: later items are dropped by the stopped flag
                    }
                });
                return;
            }
            Object accepted;
            boolean stop = false;
            // one emit at a time, even from a parallel stream or another resource: files and cursors are written in order
            synchronized (session) {
                if (stopped) {
                    return;
                }
                // the checkpoint comes before the next emit, so that it holds the state the function set after the last
                if (checkpointEvery > 0 && emits > 0 && emits % checkpointEvery == 0) {
                    context.checkpoint();
                }
                emits++;
                accepted = Extractor.emit(resource, session, step.selected() ? tableName : null, incremental,
                        itemOrPage, !transformers.isEmpty());
                if (incremental != null && incremental.canClose()) {
                    stopped = true;
                    stop = true;
                }
            }
            if (accepted != null) {
                for (RunningResource transformer : transformers) {
                    // as in dlt, the transformers of a parallelized resource fan out on the pool too
                    if (pool != null && (transformer.resource.isParallelized() || resource.isParallelized())) {
                        pool.submitItem(() -> transformer.transform(accepted));
                    }
                    else {
                        transformer.transform(accepted);
                    }
                }
            }
            if (stop) {
                throw new StopResource();
            }
        }

        private static boolean causedByStop(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof StopResource) {
                    return true;
                }
            }
            return false;
        }

        void saveIncrementalStates() {
            if (incremental != null) {
                incremental.saveState();
            }
        }

        /** The body of a resource or transformer, which may throw anything. */
        @FunctionalInterface
        private interface Callable {
            void call() throws Exception;
        }
    }

    /**
     * Writes the items of an emit (to {@code tableName}, unless null: a resource that only feeds its transformers)
     * and, when {@code collect}, returns what its transformers get: the item, or the page of items, that the
     * incremental cursor let through; null when nothing was.
     */
    private static @Nullable Object emit(Resource resource, Session session, @Nullable String tableName,
            @Nullable Incremental<?> incremental, Object itemOrPage, boolean collect) {
        if (itemOrPage == null) {
            return null;
        }
        List<?> page = asPage(itemOrPage);
        if (page == null) {
            if (!accept(resource, incremental, itemOrPage)) {
                return null;
            }
            if (tableName != null) {
                session.write(resource.name(), tableName, List.of(itemOrPage));
            }
            return collect ? itemOrPage : null;
        }
        // the page is written as it stands, a window at a time: the cursor is never far ahead of what is written;
        // only a resource with transformers keeps what it let through
        List<Object> accepted = new ArrayList<>(page.size());
        int window = session.encoder.window();
        for (int from = 0; from < page.size(); from += window) {
            int written = accepted.size();
            for (Object item : page.subList(from, Math.min(page.size(), from + window))) {
                if (accept(resource, incremental, item)) {
                    accepted.add(item);
                }
            }
            if (tableName != null && accepted.size() > written) {
                session.write(resource.name(), tableName, accepted.subList(written, accepted.size()));
            }
        }
        return collect && !accepted.isEmpty() ? accepted : null;
    }

    /** The items of a page (a collection, a JSON array or an array), or {@code null} for a single item. */
    private static @Nullable List<?> asPage(Object itemOrPage) {
        if (itemOrPage instanceof List<?> list) {
            return list;
        }
        if (itemOrPage instanceof Collection<?> collection) {
            return new ArrayList<>(collection);
        }
        if (itemOrPage instanceof ArrayNode array) {
            return new ArrayList<>(array.values());
        }
        if (itemOrPage.getClass().isArray() && !(itemOrPage instanceof byte[])) {
            List<Object> items = new ArrayList<>();
            for (int i = 0, n = Array.getLength(itemOrPage); i < n; i++) {
                items.add(Array.get(itemOrPage, i));
            }
            return items;
        }
        return null;
    }

    /** Whether an item is written: not null, and let through by the incremental cursor, if there is one. */
    private static boolean accept(Resource resource, @Nullable Incremental<?> incremental, @Nullable Object item) {
        if (item == null) {
            return false;
        }
        try {
            return incremental == null || incremental.accept(item);
        }
        catch (UnsupportedValueException ex) {
            throw new ExtractException(resource.name(), "yielded an item of type " + item.getClass().getName()
                    + " that cannot be loaded: " + ex.getMessage(), ex);
        }
        catch (IllegalStateException | IllegalArgumentException ex) {
            throw new ExtractException(resource.name(), String.valueOf(ex.getMessage()), ex);
        }
    }
}
