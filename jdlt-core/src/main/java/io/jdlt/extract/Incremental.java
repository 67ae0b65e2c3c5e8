package io.jdlt.extract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import io.jdlt.json.Json;
import io.jdlt.json.TypedJson;
import io.jdlt.schema.Digests;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An incremental cursor, dlt's {@code dlt.sources.incremental}: it remembers the highest (or lowest) value of a
 * field across runs, filters out items already loaded, and lets a resource ask its source only for what is new.
 * <pre>{@code
 * Resource.builder("issues")
 *         .incremental(Incremental.<String>on("updated_at").initialValue("2024-01-01T00:00:00Z"))
 *         .emitter((ctx, out) -> {
 *             for (var page : github.issuesSince(ctx.incremental().lastValue())) out.emit(page);
 *         })
 *         .build();
 * }</pre>
 * Every dlt option is here (reference §7.1), and items are filtered exactly as dlt filters them (§7.2), including
 * the deduplication of items that sit on the boundary value. Unlike dlt, the boundary state is bounded: see
 * {@link #maxBoundaryHashes(int)}. An instance is immutable; the pipeline binds a copy to each run.
 *
 * @param <T> the cursor value's type
 */
public final class Incremental<T> {

    /** Picks the newest of cursor values, dlt's {@code last_value_func}. */
    @FunctionalInterface
    public interface LastValueFunction {

        /** Returns the value among {@code values} (never empty) that counts as the latest. */
        Object apply(List<Object> values);

        /** dlt's default: the largest value. */
        LastValueFunction MAX = values -> values.stream().reduce((a, b) -> CursorValues.compare(a, b) >= 0 ? a : b)
                .orElseThrow();

        /** The smallest value: for sources that are read backwards in time. */
        LastValueFunction MIN = values -> values.stream().reduce((a, b) -> CursorValues.compare(a, b) <= 0 ? a : b)
                .orElseThrow();
    }

    /** The order the source yields cursor values in; lets the resource stop once it is past the range. */
    public enum RowOrder { ASC, DESC }

    /** What to do with an item whose cursor field is missing or null. */
    public enum OnCursorValueMissing { RAISE, INCLUDE, EXCLUDE }

    /** Whether a range boundary value belongs to the range. */
    public enum Boundary { OPEN, CLOSED }

    /** dlt warns from 200 boundary hashes; jdlt keeps up to this many by default. */
    public static final int DEFAULT_MAX_BOUNDARY_HASHES = 10_000;

    private static final Logger log = LoggerFactory.getLogger(Incremental.class);

    private final String cursorPath;
    private final List<Object> path;
    private final @Nullable Object initialValue;
    private final @Nullable Object endValue;
    private final LastValueFunction lastValueFunc;
    private final @Nullable List<String> primaryKey;
    private final @Nullable RowOrder rowOrder;
    private final OnCursorValueMissing onCursorValueMissing;
    private final @Nullable Object lag;
    private final Boundary rangeStart;
    private final Boundary rangeEnd;
    private final int maxBoundaryHashes;

    // the run this copy is bound to
    private @Nullable Map<String, Object> cursorState;
    private @Nullable Object startValue;
    private @Nullable Object lastValue;
    private @Nullable Object storedLastValue;
    private Set<String> storedHashes = Set.of();
    private boolean storedOverflow;
    private final LinkedHashSet<String> boundaryHashes = new LinkedHashSet<>();
    private boolean overflow;
    private boolean startOutOfRange;
    private boolean endOutOfRange;
    private boolean anyPassed;
    private @Nullable List<String> dedupKey;
    private boolean dedup;

    private Incremental(String cursorPath, @Nullable Object initialValue, @Nullable Object endValue,
            LastValueFunction lastValueFunc, @Nullable List<String> primaryKey, @Nullable RowOrder rowOrder,
            OnCursorValueMissing onCursorValueMissing, @Nullable Object lag, Boundary rangeStart, Boundary rangeEnd,
            int maxBoundaryHashes) {
        this.cursorPath = Objects.requireNonNull(cursorPath, "cursor path must not be null");
        this.path = ItemPaths.parse(cursorPath);
        this.initialValue = initialValue;
        this.endValue = endValue;
        this.lastValueFunc = Objects.requireNonNull(lastValueFunc, "last value function");
        this.primaryKey = primaryKey == null ? null : List.copyOf(primaryKey);
        this.rowOrder = rowOrder;
        this.onCursorValueMissing = Objects.requireNonNull(onCursorValueMissing);
        this.lag = lag;
        this.rangeStart = Objects.requireNonNull(rangeStart);
        this.rangeEnd = Objects.requireNonNull(rangeEnd);
        if (maxBoundaryHashes < 0) {
            throw new IllegalArgumentException("maxBoundaryHashes must be 0 or more, was " + maxBoundaryHashes);
        }
        this.maxBoundaryHashes = maxBoundaryHashes;
    }

    /** A cursor on a field of the raw item: a name, a dotted path or a simple JSONPath ({@code $.meta.updated_at}). */
    public static <T> Incremental<T> on(String cursorPath) {
        return new Incremental<>(cursorPath, null, null, LastValueFunction.MAX, null, null, OnCursorValueMissing.RAISE,
                null, Boundary.CLOSED, Boundary.OPEN, DEFAULT_MAX_BOUNDARY_HASHES);
    }

    /** A copy with one change: a setting added to the cursor is added to {@link Draft} once, not to every wither. */
    private Incremental<T> with(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return new Incremental<>(cursorPath, draft.initialValue, draft.endValue, draft.lastValueFunc,
                draft.primaryKey, draft.rowOrder, draft.onCursorValueMissing, draft.lag, draft.rangeStart,
                draft.rangeEnd, draft.maxBoundaryHashes);
    }

    /** The settings being changed, mutable; the cursor path stays. */
    private static final class Draft {
        @Nullable Object initialValue;
        @Nullable Object endValue;
        LastValueFunction lastValueFunc;
        @Nullable List<String> primaryKey;
        @Nullable RowOrder rowOrder;
        OnCursorValueMissing onCursorValueMissing;
        @Nullable Object lag;
        Boundary rangeStart;
        Boundary rangeEnd;
        int maxBoundaryHashes;

        Draft(Incremental<?> settings) {
            initialValue = settings.initialValue;
            endValue = settings.endValue;
            lastValueFunc = settings.lastValueFunc;
            primaryKey = settings.primaryKey;
            rowOrder = settings.rowOrder;
            onCursorValueMissing = settings.onCursorValueMissing;
            lag = settings.lag;
            rangeStart = settings.rangeStart;
            rangeEnd = settings.rangeEnd;
            maxBoundaryHashes = settings.maxBoundaryHashes;
        }
    }

    /** The cursor value when no state exists yet. */
    public Incremental<T> initialValue(T value) {
        return with(draft -> draft.initialValue = value);
    }

    /** Loads a fixed range [initial, end) and keeps no state: for backfills. Needs an initial value. */
    public Incremental<T> endValue(T value) {
        return with(draft -> draft.endValue = value);
    }

    /** {@link LastValueFunction#MAX} (default), {@link LastValueFunction#MIN} or a function of your own. */
    public Incremental<T> lastValueFunc(LastValueFunction function) {
        return with(draft -> draft.lastValueFunc = function);
    }

    /**
     * The fields that identify an item for boundary deduplication; by default the resource's primary key, or the
     * whole item when it has none. No fields disables deduplication.
     */
    public Incremental<T> primaryKey(String... fields) {
        return with(draft -> draft.primaryKey = List.of(fields));
    }

    /** The source yields cursor values in this order: the resource stops as soon as it is past the range. */
    public Incremental<T> rowOrder(RowOrder order) {
        return with(draft -> draft.rowOrder = order);
    }

    public Incremental<T> onCursorValueMissing(OnCursorValueMissing missing) {
        return with(draft -> draft.onCursorValueMissing = missing);
    }

    /**
     * Re-reads a window before the last value (a {@link java.time.Duration} or seconds for timestamps, days for
     * dates, a number for numbers): for sources that update records late. Disables boundary deduplication.
     */
    public Incremental<T> lag(Object lagBy) {
        return with(draft -> draft.lag = lagBy);
    }

    /** {@link Boundary#OPEN} leaves out items equal to the start value (and needs no deduplication). */
    public Incremental<T> rangeStart(Boundary boundary) {
        return with(draft -> draft.rangeStart = boundary);
    }

    /** {@link Boundary#CLOSED} takes items equal to the end value in. */
    public Incremental<T> rangeEnd(Boundary boundary) {
        return with(draft -> draft.rangeEnd = boundary);
    }

    /**
     * How many items on the boundary value the state remembers (20-character hashes). Past it the state keeps no
     * more, marks the boundary as full, and the next run leaves out every item equal to the boundary value instead of
     * loading some twice: choose a finer cursor, or merge on a primary key, when that many items share one value.
     */
    public Incremental<T> maxBoundaryHashes(int max) {
        return with(draft -> draft.maxBoundaryHashes = max);
    }

    public String cursorPath() {
        return cursorPath;
    }

    // ------------------------------------------------------------------------------------------ the bound run

    /** The value the run starts from: the last value of the previous run (less the lag), or the initial value. */
    @SuppressWarnings("unchecked")
    public @Nullable T startValue() {
        return (T) startValue;
    }

    /** The latest cursor value seen so far (before the run: the start value). */
    @SuppressWarnings("unchecked")
    public @Nullable T lastValue() {
        return (T) lastValue;
    }

    @SuppressWarnings("unchecked")
    public @Nullable T initialValue() {
        return (T) initialValue;
    }

    @SuppressWarnings("unchecked")
    public @Nullable T endValue() {
        return (T) endValue;
    }

    /** An item came before the start of the range. */
    public boolean startOutOfRange() {
        return startOutOfRange;
    }

    /** An item came after the end of the range. */
    public boolean endOutOfRange() {
        return endOutOfRange;
    }

    /**
     * Whether a checkpoint may save this cursor: the source yields values in the cursor's direction (or the cursor
     * keeps no state), so that no item still to come lies before the saved value.
     */
    boolean isOrderedForCheckpoints() {
        return endValue != null || (rowOrder == RowOrder.ASC && lastValueFunc == LastValueFunction.MAX)
                || (rowOrder == RowOrder.DESC && lastValueFunc == LastValueFunction.MIN);
    }

    /** Whether the source is past the range in its own order, so that reading on cannot yield anything new. */
    public boolean canClose() {
        return (rowOrder == RowOrder.ASC && endOutOfRange) || (rowOrder == RowOrder.DESC && startOutOfRange);
    }

    /**
     * A copy bound to a run: reads the cursor's state ({@code incremental.<cursor path>} of the resource state).
     *
     * @param resourceState the resource's state, where the cursor keeps its own
     * @param resourcePrimaryKey the resource's primary key, used for deduplication unless one is set here
     */
    @SuppressWarnings("unchecked")
    Incremental<T> bind(Map<String, Object> resourceState, List<String> resourcePrimaryKey) {
        if (endValue != null) {
            if (initialValue == null) {
                throw new IllegalArgumentException("incremental on '" + cursorPath + "': an end value needs an initial "
                        + "value");
            }
            if (!CursorValues.same(lastValueFunc.apply(List.of(endValue, initialValue)), endValue)) {
                throw new IllegalArgumentException("incremental on '" + cursorPath + "': the end value " + endValue
                        + " does not come after the initial value " + initialValue + " for this last value function");
            }
        }
        // a fresh copy of the settings, for this run's state
        Incremental<T> bound = with(draft -> { });
        Map<String, Object> stored = null;
        if (endValue == null) {
            // a range with an end value is stateless, as in dlt
            Map<String, Object> cursors = (Map<String, Object>) resourceState.computeIfAbsent("incremental",
                    k -> new LinkedHashMap<String, Object>());
            stored = (Map<String, Object>) cursors.computeIfAbsent(cursorPath, k -> new LinkedHashMap<String, Object>());
            bound.cursorState = stored;
        }
        Object last = stored != null && stored.get("last_value") != null
                ? CursorValues.like(stored.get("last_value"), initialValue) : initialValue;
        bound.storedLastValue = last;
        Object start = last;
        boolean builtin = lastValueFunc == LastValueFunction.MAX || lastValueFunc == LastValueFunction.MIN;
        if (lag != null && last != null && builtin && endValue == null) {
            start = CursorValues.shift(last, lag, lastValueFunc == LastValueFunction.MAX);
            // the lag never reaches before the initial value
            if (initialValue != null && CursorValues.same(lastValueFunc.apply(List.of(start, initialValue)), initialValue)) {
                start = initialValue;
            }
        }
        bound.startValue = start;
        bound.lastValue = start;
        bound.dedupKey = primaryKey != null ? primaryKey : resourcePrimaryKey.isEmpty() ? null : resourcePrimaryKey;
        bound.dedup = rangeStart == Boundary.CLOSED && endValue == null && !(lag != null && builtin)
                && !(primaryKey != null && primaryKey.isEmpty());
        if (stored != null && bound.dedup && stored.get("unique_hashes") instanceof List<?> hashes) {
            bound.storedHashes = Set.copyOf((List<String>) hashes);
            bound.boundaryHashes.addAll((List<String>) hashes);
        }
        bound.storedOverflow = stored != null && Boolean.TRUE.equals(stored.get("boundary_overflow"));
        bound.overflow = bound.storedOverflow;
        return bound;
    }

    /**
     * dlt's per-item filter (§7.2): whether the item is new. Updates the last value and the boundary hashes.
     *
     * @throws IllegalStateException when the cursor field is missing or null and that is to raise
     */
    boolean accept(Object item) {
        ItemPaths.Lookup cursor = ItemPaths.find(item, path);
        if (!cursor.found() || cursor.value() == null) {
            return switch (onCursorValueMissing) {
                case RAISE -> throw new IllegalStateException("the incremental cursor '" + cursorPath + "' is "
                        + (cursor.found() ? "null" : "missing") + " in an item; set onCursorValueMissing(INCLUDE or "
                        + "EXCLUDE) to load or skip such items");
                case INCLUDE -> true;
                case EXCLUDE -> false;
            };
        }
        Object value = cursor.value();
        if (endValue != null) {
            if (!CursorValues.same(lastValueFunc.apply(List.of(value, endValue)), endValue)
                    || (rangeEnd == Boundary.OPEN && CursorValues.same(value, endValue))) {
                endOutOfRange = true;
                return false;
            }
        }
        if (lastValue == null) {
            lastValue = value;
            rememberBoundary(item, true);
            anyPassed = true;
            return true;
        }
        Object newest = lastValueFunc.apply(List.of(value, lastValue));
        if (CursorValues.same(newest, lastValue)) {
            if (startValue != null) {
                if (rangeStart == Boundary.OPEN && CursorValues.same(value, startValue)) {
                    startOutOfRange = true;
                    return false;
                }
                if (CursorValues.same(lastValueFunc.apply(List.of(value, startValue)), startValue)) {
                    if (!CursorValues.same(value, startValue)) {
                        startOutOfRange = true;
                        return false;
                    }
                    if (dedup && storedOverflow) {
                        warnOverflowOnce();
                        return false;
                    }
                    if (dedup && storedHashes.contains(hash(item))) {
                        return false;
                    }
                }
            }
            if (CursorValues.same(value, lastValue)) {
                rememberBoundary(item, false);
            }
        }
        else {
            lastValue = newest;
            rememberBoundary(item, true);
        }
        anyPassed = true;
        return true;
    }

    private boolean overflowWarned;

    private void warnOverflowOnce() {
        if (!overflowWarned) {
            overflowWarned = true;
            log.warn("Incremental on '{}': more than {} items shared the boundary value {} in the last run; items equal "
                    + "to it are left out instead of being loaded twice", cursorPath, maxBoundaryHashes, startValue);
        }
    }

    private void rememberBoundary(Object item, boolean newBoundary) {
        if (!dedup) {
            return;
        }
        if (newBoundary) {
            boundaryHashes.clear();
            overflow = false;
        }
        if (overflow) {
            return;
        }
        if (boundaryHashes.size() >= maxBoundaryHashes) {
            overflow = true;
            boundaryHashes.clear();
            return;
        }
        boundaryHashes.add(hash(item));
    }

    /** dlt's unique hash: digest128 of the JSON of the key value(s), or of the whole item, 15 bytes. */
    private String hash(Object item) {
        Object identity;
        if (dedupKey == null) {
            if (!(item instanceof Map<?, ?>)) {
                // Jackson converts the item whole, following a cycle until the stack overflows: name it first
                TypedJson.requireWritable(item);
            }
            identity = item instanceof Map<?, ?> ? item : Json.MAPPER.convertValue(item, Map.class);
        }
        else if (dedupKey.size() == 1) {
            identity = ItemPaths.find(item, List.of(dedupKey.get(0))).value();
        }
        else {
            List<Object> values = new ArrayList<>();
            for (String field : dedupKey) {
                values.add(ItemPaths.find(item, List.of(field)).value());
            }
            identity = values;
        }
        return Digests.digest128(Json.sortedCompactBytes(identity == null ? "null" : identity), 15);
    }

    /** Writes the cursor back into the resource state: the new last value and the boundary hashes. */
    void saveState() {
        Map<String, Object> stored = cursorState;
        if (stored == null) {
            return;
        }
        stored.put("initial_value", initialValue);
        // the cursor never moves back: a lag, or a run that saw nothing, keeps the stored value
        Object newest = lastValue == null ? storedLastValue
                : storedLastValue == null ? lastValue : lastValueFunc.apply(List.of(lastValue, storedLastValue));
        stored.put("last_value", newest);
        if (anyPassed) {
            stored.put("start_value", startValue);
        }
        boolean boundaryMoved = newest != null && (storedLastValue == null || !CursorValues.same(newest, storedLastValue));
        if (!dedup) {
            stored.put("unique_hashes", List.of());
            stored.remove("boundary_overflow");
        }
        else if (overflow || (!boundaryMoved && storedOverflow)) {
            stored.put("unique_hashes", List.of());
            stored.put("boundary_overflow", true);
        }
        else {
            stored.put("unique_hashes", new ArrayList<>(boundaryHashes));
            stored.remove("boundary_overflow");
        }
    }

    @Override
    public String toString() {
        return "Incremental[" + cursorPath + ", last_value=" + lastValue + "]";
    }
}
