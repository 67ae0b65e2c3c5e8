package io.jdlt.normalize;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import io.jdlt.json.IsoTimestamps;
import io.jdlt.schema.DataType;

/**
 * Which dlt type a value has (reference §3.2, with Java types in place of Python's), and the {@code iso_timestamp}
 * detection applied when a column is created from a string.
 */
public final class ValueTypes {

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    // the largest integer DECIMAL(38,0) holds; dlt's own large_integer bound (5.79e38) is larger than that
    private static final BigInteger WEI_MAX = BigInteger.TEN.pow(38).subtract(BigInteger.ONE);

    private ValueTypes() {
    }

    /** The type of an item value read from typed JSON. */
    public static DataType typeOf(Object value) {
        if (value instanceof String) {
            return DataType.TEXT;
        }
        if (value instanceof Long) {
            return DataType.BIGINT;
        }
        if (value instanceof Double) {
            return DataType.DOUBLE;
        }
        if (value instanceof Boolean) {
            return DataType.BOOL;
        }
        if (value instanceof Map || value instanceof List) {
            return DataType.JSON;
        }
        if (value instanceof OffsetDateTime) {
            return DataType.TIMESTAMP;
        }
        if (value instanceof BigInteger big) {
            // a Python int of any size is bigint in dlt, and fails at load when it overflows; jdlt applies dlt's
            // large_integer detection instead, so big integers load as wei (DECIMAL(38,0)) or, beyond, as text
            if (big.compareTo(LONG_MIN) >= 0 && big.compareTo(LONG_MAX) <= 0) {
                return DataType.BIGINT;
            }
            return big.abs().compareTo(WEI_MAX) > 0 ? DataType.TEXT : DataType.WEI;
        }
        if (value instanceof BigDecimal) {
            return DataType.DECIMAL;
        }
        if (value instanceof LocalDate) {
            return DataType.DATE;
        }
        if (value instanceof LocalTime) {
            return DataType.TIME;
        }
        if (value instanceof byte[]) {
            return DataType.BINARY;
        }
        throw new IllegalArgumentException("no dlt type for a value of " + value.getClass().getName());
    }

    /** The type for a new column: detection first (ISO timestamps in strings), then the value's own type. */
    public static DataType inferNewColumnType(Object value) {
        if (value instanceof String s && !s.isEmpty() && IsoTimestamps.parseTimestamp(s) != null) {
            return DataType.TIMESTAMP;
        }
        return typeOf(value);
    }
}
