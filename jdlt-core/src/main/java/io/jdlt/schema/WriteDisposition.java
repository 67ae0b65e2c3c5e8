package io.jdlt.schema;

import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * How rows of a root table are written: dlt's {@code write_disposition}, with the merge strategy and its options.
 * <pre>{@code
 * WriteDisposition.APPEND
 * WriteDisposition.REPLACE
 * WriteDisposition.merge()                          // delete-insert
 * WriteDisposition.merge(MergeStrategy.UPSERT)
 * WriteDisposition.scd2(Scd2Options.DEFAULTS.withValidityColumns("valid_from", "valid_to"))
 * }</pre>
 */
public final class WriteDisposition {

    /** The kinds of write disposition. */
    public enum Kind {
        APPEND, REPLACE, MERGE, SKIP;

        public String dltName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Add the rows to what is there. */
    public static final WriteDisposition APPEND = new WriteDisposition(Kind.APPEND, null, null);
    /** Replace all rows of the table and its nested tables with this load's rows. */
    public static final WriteDisposition REPLACE = new WriteDisposition(Kind.REPLACE, null, null);
    /** Tables jdlt manages itself (the {@code _dlt_version} and {@code _dlt_loads} tables). */
    public static final WriteDisposition SKIP = new WriteDisposition(Kind.SKIP, null, null);

    private final Kind kind;
    private final @Nullable MergeStrategy mergeStrategy;
    private final @Nullable Scd2Options scd2;

    private WriteDisposition(Kind kind, @Nullable MergeStrategy mergeStrategy, @Nullable Scd2Options scd2) {
        this.kind = kind;
        this.mergeStrategy = mergeStrategy;
        this.scd2 = scd2;
    }

    /** Merge with dlt's default strategy, delete-insert. */
    public static WriteDisposition merge() {
        return merge(MergeStrategy.DELETE_INSERT);
    }

    public static WriteDisposition merge(MergeStrategy strategy) {
        Objects.requireNonNull(strategy, "merge strategy must not be null");
        return new WriteDisposition(Kind.MERGE, strategy, strategy == MergeStrategy.SCD2 ? Scd2Options.DEFAULTS : null);
    }

    public static WriteDisposition scd2(Scd2Options options) {
        return new WriteDisposition(Kind.MERGE, MergeStrategy.SCD2, Objects.requireNonNull(options, "options"));
    }

    public Kind kind() {
        return kind;
    }

    /** The merge strategy of a merge disposition, {@code null} otherwise. */
    public @Nullable MergeStrategy mergeStrategy() {
        return mergeStrategy;
    }

    /** The scd2 options of an scd2 merge, {@code null} otherwise. */
    public @Nullable Scd2Options scd2() {
        return scd2;
    }

    public boolean isMerge() {
        return kind == Kind.MERGE;
    }

    public boolean is(MergeStrategy strategy) {
        return mergeStrategy == strategy;
    }

    public String dltName() {
        return kind.dltName();
    }

    /** Parses {@code append}, {@code replace}, {@code merge} (delete-insert) or {@code skip}, ignoring case. */
    public static WriteDisposition fromDltName(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "append" -> APPEND;
            case "replace" -> REPLACE;
            case "merge" -> merge();
            case "skip" -> SKIP;
            default -> throw new IllegalArgumentException("unknown write disposition '" + name
                    + "'; use append, replace or merge");
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WriteDisposition that && kind == that.kind && mergeStrategy == that.mergeStrategy
                && Objects.equals(scd2, that.scd2);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, mergeStrategy, scd2);
    }

    @Override
    public String toString() {
        return mergeStrategy == null ? kind.dltName() : kind.dltName() + "(" + mergeStrategy.dltName() + ")";
    }
}
