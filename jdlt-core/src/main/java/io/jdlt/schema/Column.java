package io.jdlt.schema;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A column of a table schema. A column without a data type is <em>incomplete</em>: it carries hints declared
 * before any data arrived and is not created in the destination until a value gives it a type.
 *
 * @param name the normalized column name
 * @param dataType the dlt type, or {@code null} while incomplete
 * @param nullable whether the destination column accepts NULL
 * @param hints the boolean hints set on this column
 * @param precision dlt's {@code precision}: text length, integer bits, decimal digits, timestamp fraction digits
 * @param scale dlt's {@code scale}: decimal digits after the point
 * @param timezone dlt's {@code timezone}: {@code false} stores timestamps without a time zone (default true)
 */
public record Column(String name, @Nullable DataType dataType, boolean nullable, Set<ColumnHint> hints,
        @Nullable Integer precision, @Nullable Integer scale, @Nullable Boolean timezone) {

    public Column {
        hints = hints.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(hints));
    }

    public Column(String name, @Nullable DataType dataType, boolean nullable, Set<ColumnHint> hints) {
        this(name, dataType, nullable, hints, null, null, null);
    }

    public static Column of(String name, DataType dataType) {
        return new Column(name, dataType, true, Set.of());
    }

    /** The type of a complete column, one the destination has; calling it on an incomplete column is a bug. */
    public DataType type() {
        if (dataType == null) {
            throw new IllegalStateException("column '" + name + "' has no data type yet");
        }
        return dataType;
    }

    public boolean isComplete() {
        return dataType != null;
    }

    public boolean has(ColumnHint hint) {
        return hints.contains(hint);
    }

    /** Whether timestamps keep their time zone (dlt's default). */
    public boolean hasTimezone() {
        return timezone == null || timezone;
    }

    public Column withDataType(DataType type) {
        return new Column(name, type, nullable, hints, precision, scale, timezone);
    }

    public Column withNullable(boolean isNullable) {
        return new Column(name, dataType, isNullable, hints, precision, scale, timezone);
    }

    public Column withPrecision(@Nullable Integer newPrecision, @Nullable Integer newScale) {
        return new Column(name, dataType, nullable, hints, newPrecision, newScale, timezone);
    }

    public Column withTimezone(@Nullable Boolean keepTimezone) {
        return new Column(name, dataType, nullable, hints, precision, scale, keepTimezone);
    }

    public Column withoutHint(ColumnHint hint) {
        if (!hints.contains(hint)) {
            return this;
        }
        EnumSet<ColumnHint> fewer = EnumSet.copyOf(hints);
        fewer.remove(hint);
        return new Column(name, dataType, nullable, fewer, precision, scale, timezone);
    }

    public Column withHint(ColumnHint hint) {
        if (hints.contains(hint)) {
            return this;
        }
        EnumSet<ColumnHint> more = hints.isEmpty() ? EnumSet.noneOf(ColumnHint.class) : EnumSet.copyOf(hints);
        more.add(hint);
        return new Column(name, dataType, nullable, more, precision, scale, timezone);
    }
}
