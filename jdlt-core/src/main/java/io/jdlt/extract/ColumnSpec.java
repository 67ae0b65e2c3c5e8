package io.jdlt.extract;

import io.jdlt.schema.DataType;
import org.jspecify.annotations.Nullable;

/**
 * A column declared in code (dlt's column hints): its type and properties win over what the data would infer, and
 * a declared type makes the column exist before any data arrives.
 * <pre>{@code
 * Resource.builder("orders")
 *         .column("price", ColumnSpec.of(DataType.DECIMAL).precision(10, 2).nullable(false))
 *         .column("created", ColumnSpec.of(DataType.TIMESTAMP).timezone(false))
 * }</pre>
 */
public final class ColumnSpec {

    private final @Nullable DataType dataType;
    private @Nullable Boolean nullable;
    private @Nullable Integer precision;
    private @Nullable Integer scale;
    private @Nullable Boolean timezone;
    private boolean primaryKey;
    private boolean mergeKey;
    private boolean unique;
    private boolean hardDelete;
    private @Nullable Boolean dedupSortDescending;

    private ColumnSpec(@Nullable DataType dataType) {
        this.dataType = dataType;
    }

    /** A column of this dlt type. */
    public static ColumnSpec of(DataType dataType) {
        return new ColumnSpec(java.util.Objects.requireNonNull(dataType, "data type"));
    }

    /** Hints only: the type still comes from the data. */
    public static ColumnSpec hintsOnly() {
        return new ColumnSpec(null);
    }

    public ColumnSpec nullable(boolean isNullable) {
        this.nullable = isNullable;
        return this;
    }

    /** Text length, integer bits, decimal digits or timestamp fraction digits. */
    public ColumnSpec precision(int digits) {
        this.precision = digits;
        return this;
    }

    /** A decimal's digits in all and after the point. */
    public ColumnSpec precision(int digits, int scaleDigits) {
        this.precision = digits;
        this.scale = scaleDigits;
        return this;
    }

    /** {@code false}: store timestamps without a time zone (in UTC). */
    public ColumnSpec timezone(boolean keepTimezone) {
        this.timezone = keepTimezone;
        return this;
    }

    public ColumnSpec primaryKey() {
        this.primaryKey = true;
        return this;
    }

    public ColumnSpec mergeKey() {
        this.mergeKey = true;
        return this;
    }

    public ColumnSpec unique() {
        this.unique = true;
        return this;
    }

    public ColumnSpec hardDelete() {
        this.hardDelete = true;
        return this;
    }

    public ColumnSpec dedupSort(boolean descending) {
        this.dedupSortDescending = descending;
        return this;
    }

    public @Nullable DataType dataType() {
        return dataType;
    }

    @Nullable Boolean nullableHint() {
        return nullable;
    }

    @Nullable Integer precisionHint() {
        return precision;
    }

    @Nullable Integer scaleHint() {
        return scale;
    }

    @Nullable Boolean timezoneHint() {
        return timezone;
    }

    boolean isPrimaryKey() {
        return primaryKey;
    }

    boolean isMergeKey() {
        return mergeKey;
    }

    boolean isUnique() {
        return unique;
    }

    boolean isHardDelete() {
        return hardDelete;
    }

    @Nullable Boolean dedupSortDescending() {
        return dedupSortDescending;
    }
}
