package io.jdlt.extract;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.jdlt.schema.SchemaContract;
import io.jdlt.schema.WriteDisposition;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A named stream of data items that loads into one table (and the nested tables its items produce): dlt's
 * resource. Data comes from an {@link Iterable}, a {@link Stream}, an {@link Iterator}, a {@link Supplier} of any of
 * these, or a {@link ResourceFunction} that emits items as it fetches them.
 * <pre>{@code
 * Resource pokemon = Resource.of("pokemon", () -> api.fetchPokemon())
 *         .writeDisposition(WriteDisposition.REPLACE);
 * }</pre>
 * Resources are immutable: the hint methods return a changed copy.
 */
public final class Resource {

    private final String name;
    private final ResourceHints hints;
    private final @Nullable ResourceFunction function;
    private final @Nullable TransformerFunction transformer;
    private final @Nullable Resource parent;
    private final boolean parallelized;

    private Resource(String name, ResourceHints hints, ResourceFunction function) {
        this(name, hints, function, null, null, false);
    }

    private Resource(String name, ResourceHints hints, @Nullable ResourceFunction function,
            @Nullable TransformerFunction transformer, @Nullable Resource parent, boolean parallelized) {
        this.name = requireName(name);
        this.hints = hints;
        this.function = function;
        this.transformer = transformer;
        this.parent = parent;
        this.parallelized = parallelized;
    }

    /**
     * dlt's transformer: a resource fed by the items (or pages) of another resource, one call per item or page as
     * the parent emits it. Bind it to its parent with {@link #pipe(Resource)} ({@code repos.pipe(contributors)}, dlt's
     * {@code repos | contributors}) or {@link #dataFrom(Resource)}.
     */
    public static Resource transformer(String name, TransformerFunction function) {
        return new Resource(name, ResourceHints.NONE, null, Objects.requireNonNull(function, "transformer function"),
                null, false);
    }

    static String requireName(@Nullable String name) {
        if (name == null) {
            throw new IllegalArgumentException("a resource name must not be null");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("a resource name must not be blank");
        }
        return name;
    }

    /** A resource over an {@link Iterable}, read again on every run; a {@code List} element is a page of items. */
    public static Resource of(String name, Iterable<?> data) {
        Objects.requireNonNull(data, () -> "data of resource '" + name + "' must not be null");
        return builder(name).data(data).build();
    }

    /** A resource over a {@link Stream}, which can be read once: prefer {@link #of(String, Supplier)} to run it again. */
    public static Resource of(String name, Stream<?> data) {
        Objects.requireNonNull(data, () -> "data of resource '" + name + "' must not be null");
        return builder(name).data(data).build();
    }

    /** A resource over an {@link Iterator}, which can be read once. */
    public static Resource of(String name, Iterator<?> data) {
        Objects.requireNonNull(data, () -> "data of resource '" + name + "' must not be null");
        return builder(name).data(data).build();
    }

    /**
     * A resource whose data is fetched when the pipeline extracts it: the supplier returns an Iterable, Stream,
     * Iterator, array, or a single item, and is called again on every run.
     */
    public static Resource of(String name, Supplier<?> data) {
        Objects.requireNonNull(data, () -> "data of resource '" + name + "' must not be null");
        return builder(name).data(data).build();
    }

    public static Builder builder(String name) {
        return new Builder(requireName(name));
    }

    public String name() {
        return name;
    }

    /** The table and column hints of this resource. */
    public ResourceHints hints() {
        return hints;
    }

    /** The table name hint, or {@code null} to use the resource name. */
    public @Nullable String tableName() {
        return hints.tableName();
    }

    public @Nullable WriteDisposition writeDisposition() {
        return hints.writeDisposition();
    }

    public @Nullable Integer maxTableNesting() {
        return hints.maxTableNesting();
    }

    public List<String> primaryKey() {
        return hints.primaryKey();
    }

    @Nullable ResourceFunction function() {
        return function;
    }

    @Nullable TransformerFunction transformerFunction() {
        return transformer;
    }

    /** The resource whose items feed this transformer; null for a resource with data of its own. */
    public @Nullable Resource parent() {
        return parent;
    }

    public boolean isTransformer() {
        return transformer != null;
    }

    public boolean isParallelized() {
        return parallelized;
    }

    /**
     * dlt's {@code |}: binds a transformer to this resource and returns the bound transformer, so that chains read
     * left to right: {@code repos.pipe(contributors).pipe(profiles)}.
     */
    public Resource pipe(Resource transformer) {
        return Objects.requireNonNull(transformer, "transformer").dataFrom(this);
    }

    /** dlt's {@code data_from}: this transformer is fed by the items of {@code parentResource}. */
    public Resource dataFrom(Resource parentResource) {
        if (transformer == null) {
            throw new IllegalArgumentException("resource '" + name + "' has data of its own and cannot be fed by '"
                    + parentResource.name() + "': only a Resource.transformer(...) can");
        }
        return new Resource(name, hints, null, transformer, Objects.requireNonNull(parentResource, "parent resource"),
                parallelized);
    }

    /**
     * dlt's {@code parallelized=True}: the resource runs on the extract worker pool, beside the other parallelized
     * resources, so that resources waiting on I/O wait at the same time. A parallelized transformer handles its
     * parent's items on the pool, several at once (up to {@code maxParallelItems}).
     */
    public Resource parallelized() {
        return new Resource(name, hints, function, transformer, parent, true);
    }

    private Resource with(ResourceHints changed) {
        return new Resource(name, changed, function, transformer, parent, parallelized);
    }

    public Resource writeDisposition(WriteDisposition disposition) {
        return with(hints.withWriteDisposition(disposition));
    }

    public Resource tableName(String table) {
        return with(hints.withTableName(requireName(table)));
    }

    public Resource maxTableNesting(int nesting) {
        return with(hints.withMaxTableNesting(nesting));
    }

    /** dlt's {@code primary_key}: identifies a row for merge; compound keys compare column by column. */
    public Resource primaryKey(String... columns) {
        return with(hints.withPrimaryKey(List.of(columns)));
    }

    /** dlt's {@code merge_key}: delete-insert replaces every row whose merge key value is in the load. */
    public Resource mergeKey(String... columns) {
        return with(hints.withMergeKey(List.of(columns)));
    }

    /** dlt's {@code hard_delete}: a row whose column is true (or, for other types, not null) deletes its key. */
    public Resource hardDelete(String column) {
        return with(hints.withHardDelete(column));
    }

    /** dlt's {@code dedup_sort}: which row of one key in a load wins the merge. */
    public Resource dedupSort(String column, boolean descending) {
        return with(hints.withDedupSort(column, descending));
    }

    /** Declares a column: its type and hints win over what the data would infer. */
    public Resource column(String name, ColumnSpec spec) {
        return with(hints.withColumns(List.of(new DeclaredColumn(List.of(), name, spec))));
    }

    /**
     * Declares the columns a record or bean class has (nested records flattened, lists as nested tables), the way
     * dlt takes columns from a Pydantic model: they exist with their types before any data arrives.
     */
    public Resource columnsFrom(Class<?> type) {
        return with(hints.withColumns(RecordColumns.of(type)));
    }

    /** The schema contract of this resource's table and its nested tables (dlt's resource {@code schema_contract}). */
    public Resource schemaContract(SchemaContract contract) {
        return with(hints.withSchemaContract(Objects.requireNonNull(contract, "schema contract")));
    }

    /** An incremental cursor: items already loaded are filtered out, and the function can read where to start. */
    public Resource incremental(Incremental<?> cursor) {
        return with(hints.withIncremental(Objects.requireNonNull(cursor, "incremental")));
    }

    /**
     * Commits a checkpoint (see {@link ResourceContext#checkpoint()}) every {@code emits} items or pages, just before
     * the next one, so that a long extraction that dies resumes from its last checkpoint. Update the resource state
     * for an item or page right after emitting it: the checkpoint then records where to resume.
     */
    public Resource checkpointEvery(int emits) {
        return with(hints.withCheckpointEvery(emits));
    }

    @Override
    public String toString() {
        return "Resource[" + name + "]";
    }

    /** Builds a resource; {@link #emitter(ResourceFunction)} or one of the {@code data} methods is required. */
    public static final class Builder {

        private final String name;
        private ResourceHints hints = ResourceHints.NONE;
        private @Nullable ResourceFunction function;

        private Builder(String name) {
            this.name = name;
        }

        public Builder tableName(String table) {
            hints = hints.withTableName(requireName(table));
            return this;
        }

        public Builder writeDisposition(WriteDisposition disposition) {
            hints = hints.withWriteDisposition(disposition);
            return this;
        }

        public Builder maxTableNesting(int nesting) {
            hints = hints.withMaxTableNesting(nesting);
            return this;
        }

        public Builder primaryKey(String... columns) {
            hints = hints.withPrimaryKey(List.of(columns));
            return this;
        }

        public Builder mergeKey(String... columns) {
            hints = hints.withMergeKey(List.of(columns));
            return this;
        }

        public Builder hardDelete(String column) {
            hints = hints.withHardDelete(column);
            return this;
        }

        public Builder dedupSort(String column, boolean descending) {
            hints = hints.withDedupSort(column, descending);
            return this;
        }

        public Builder column(String name, ColumnSpec spec) {
            hints = hints.withColumns(List.of(new DeclaredColumn(List.of(), name, spec)));
            return this;
        }

        public Builder columnsFrom(Class<?> type) {
            hints = hints.withColumns(RecordColumns.of(type));
            return this;
        }

        public Builder schemaContract(SchemaContract contract) {
            hints = hints.withSchemaContract(Objects.requireNonNull(contract, "schema contract"));
            return this;
        }

        public Builder incremental(Incremental<?> cursor) {
            hints = hints.withIncremental(Objects.requireNonNull(cursor, "incremental"));
            return this;
        }

        public Builder checkpointEvery(int emits) {
            hints = hints.withCheckpointEvery(emits);
            return this;
        }

        /** The resource emits its items through this function, called once per run. */
        public Builder emitter(ResourceFunction resourceFunction) {
            this.function = resourceFunction;
            return this;
        }

        public Builder data(Iterable<?> data) {
            this.function = (ctx, out) -> emitSupplied(data, out);
            return this;
        }

        public Builder data(Stream<?> data) {
            this.function = (ctx, out) -> {
                try {
                    data.forEach(out::emit);
                }
                catch (IllegalStateException ex) {
                    if (ex.getMessage() != null && ex.getMessage().contains("already been operated upon or closed")) {
                        throw new ExtractException(ctx.resourceName(), "its Stream was already consumed or closed; "
                                + "a Stream can be read once, so give the resource a Supplier<Stream> "
                                + "(Resource.of(name, () -> stream())) to read fresh data on every run", ex);
                    }
                    throw ex;
                }
            };
            return this;
        }

        public Builder data(Iterator<?> data) {
            AtomicBoolean consumed = new AtomicBoolean();
            this.function = (ctx, out) -> {
                if (consumed.getAndSet(true)) {
                    throw new ExtractException(ctx.resourceName(), "its Iterator was already read by an earlier run; "
                            + "give the resource a Supplier (Resource.of(name, () -> iterator())) to read fresh data "
                            + "on every run");
                }
                emitAll(data, out);
            };
            return this;
        }

        /**
         * A reactive publisher of items or pages, read one at a time as they are written (backpressure), on the
         * publisher's own threads; a failure it signals fails the resource.
         */
        public Builder data(Flow.Publisher<?> data) {
            Objects.requireNonNull(data, "publisher");
            this.function = (ctx, out) -> PublisherItems.drain(data, out);
            return this;
        }

        public Builder data(Supplier<?> data) {
            this.function = (ctx, out) -> emitSupplied(data.get(), out);
            return this;
        }

        public Resource build() {
            if (function == null) {
                throw new IllegalStateException("resource '" + name + "' has no data: call data(...) or emitter(...)");
            }
            return new Resource(name, hints, function);
        }
    }

    private static void emitAll(Iterator<?> items, Emitter out) {
        while (items.hasNext()) {
            out.emit(items.next());
        }
    }

    static void emitSupplied(@Nullable Object supplied, Emitter out) {
        if (supplied == null) {
            return;
        }
        if (supplied instanceof JsonNode node) {
            // a JSON array is a page; any other node (an object) is one item, although JsonNode is Iterable
            out.emit(node);
        }
        else if (supplied instanceof Stream<?> stream) {
            try (stream) {
                stream.forEach(out::emit);
            }
        }
        else if (supplied instanceof Iterator<?> iterator) {
            emitAll(iterator, out);
        }
        else if (supplied instanceof Iterable<?> iterable) {
            emitAll(iterable.iterator(), out);
        }
        else {
            out.emit(supplied);
        }
    }
}
