package io.jdlt.extract;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Date;

import io.jdlt.json.TypedJson;
import io.jdlt.normalize.IsoTimestamps;
import org.jspecify.annotations.Nullable;

/**
 * Compares and shifts incremental cursor values of whatever type a source uses: numbers of any width, java.time
 * values, and strings (ISO timestamps compare as instants, whatever their offset or format; other strings by text).
 */
final class CursorValues {

    private CursorValues() {
    }

    static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return decimal(x).compareTo(decimal(y));
        }
        Instant ia = instant(a);
        Instant ib = instant(b);
        if (ia != null && ib != null) {
            return ia.compareTo(ib);
        }
        if (a instanceof LocalDate x && b instanceof LocalDate y) {
            return x.compareTo(y);
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a.getClass().isInstance(b) && a instanceof Comparable<?>) {
            @SuppressWarnings("unchecked")
            Comparable<Object> comparable = (Comparable<Object>) a;
            return comparable.compareTo(b);
        }
        throw new IllegalArgumentException("cannot compare cursor values " + a + " (" + a.getClass().getSimpleName()
                + ") and " + b + " (" + b.getClass().getSimpleName() + ")");
    }

    static boolean same(Object a, Object b) {
        return compare(a, b) == 0;
    }

    private static BigDecimal decimal(Number number) {
        return number instanceof BigDecimal d ? d : new BigDecimal(number.toString());
    }

    private static @Nullable Instant instant(Object value) {
        if (value instanceof OffsetDateTime || value instanceof Instant || value instanceof ZonedDateTime
                || value instanceof LocalDateTime || value instanceof Date) {
            return TypedJson.toTimestamp(value).toInstant();
        }
        if (value instanceof String text) {
            OffsetDateTime parsed = IsoTimestamps.parseTimestamp(text);
            return parsed == null ? null : parsed.toInstant();
        }
        return null;
    }

    /**
     * dlt's lag: the value moved back (for max; forward for min) by seconds for timestamps, days for dates and the
     * number itself for numbers.
     */
    static Object shift(Object value, Object lag, boolean backwards) {
        double amount = lag instanceof Duration duration ? duration.toNanos() / 1e9 : ((Number) lag).doubleValue();
        double signed = backwards ? -amount : amount;
        if (value instanceof Number number) {
            return decimal(number).add(new BigDecimal(Double.toString(signed)));
        }
        if (value instanceof LocalDate date) {
            return date.plusDays((long) signed);
        }
        Instant instant = instant(value);
        if (instant == null) {
            throw new IllegalArgumentException("lag needs a numeric, date or timestamp cursor, not " + value);
        }
        Instant shifted = instant.plusNanos((long) (signed * 1e9));
        return value instanceof String ? shifted.atOffset(ZoneOffset.UTC).toString() : shifted.atOffset(ZoneOffset.UTC);
    }
}
