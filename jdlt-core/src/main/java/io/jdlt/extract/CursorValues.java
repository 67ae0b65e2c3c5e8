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
import io.jdlt.json.IsoTimestamps;
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
        LocalDate da = date(a);
        LocalDate db = date(b);
        if (da != null && db != null && (a instanceof LocalDate || b instanceof LocalDate)) {
            return da.compareTo(db);
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

    private static @Nullable LocalDate date(Object value) {
        if (value instanceof LocalDate date) {
            return date;
        }
        return value instanceof String text ? IsoTimestamps.parseDate(text) : null;
    }

    /**
     * A value read back from the state in the type of {@code example} (the initial value): typed JSON keeps types,
     * but not every Java type (an Integer comes back as a Long, an Instant as an OffsetDateTime).
     */
    static Object like(Object value, @Nullable Object example) {
        if (example == null || example.getClass().isInstance(value)) {
            return value;
        }
        if (value instanceof Number number) {
            if (example instanceof Integer) {
                return number.intValue();
            }
            if (example instanceof Long) {
                return number.longValue();
            }
            if (example instanceof Double) {
                return number.doubleValue();
            }
            if (example instanceof BigDecimal) {
                return decimal(number);
            }
        }
        Instant instant = instant(value);
        if (instant != null) {
            if (example instanceof Instant) {
                return instant;
            }
            if (example instanceof OffsetDateTime) {
                return instant.atOffset(ZoneOffset.UTC);
            }
            if (example instanceof LocalDateTime) {
                return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
            }
            if (example instanceof String) {
                return instant.atOffset(ZoneOffset.UTC).toString();
            }
        }
        return value;
    }

    private static BigDecimal decimal(Number number) {
        return number instanceof BigDecimal d ? d : new BigDecimal(number.toString());
    }

    private static @Nullable Instant instant(Object value) {
        if (value instanceof OffsetDateTime || value instanceof Instant || value instanceof ZonedDateTime
                || value instanceof LocalDateTime || (value instanceof Date && !(value instanceof java.sql.Date)
                && !(value instanceof java.sql.Time))) {
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
        int sign = backwards ? -1 : 1;
        if (value instanceof Number number) {
            BigDecimal moved = decimal(number).add(decimal((Number) (lag instanceof Duration d ? d.toSeconds() : lag))
                    .multiply(BigDecimal.valueOf(sign)));
            // the cursor keeps its type: a long stays a long
            return like(moved, value);
        }
        LocalDate date = value instanceof LocalDate d ? d
                : value instanceof String text && IsoTimestamps.parseTimestamp(text) == null ? IsoTimestamps.parseDate(text)
                : null;
        if (date != null) {
            long days = lag instanceof Duration duration ? duration.toDays() : ((Number) lag).longValue();
            LocalDate moved = date.plusDays(sign * days);
            return value instanceof String ? moved.toString() : moved;
        }
        Instant instant = instant(value);
        if (instant == null) {
            throw new IllegalArgumentException("lag needs a numeric, date or timestamp cursor, not " + value);
        }
        long nanos = lag instanceof Duration duration ? duration.toNanos()
                : (long) (((Number) lag).doubleValue() * 1_000_000_000L);
        Instant shifted = instant.plusNanos(sign * nanos);
        if (value instanceof String) {
            return java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(shifted.atOffset(ZoneOffset.UTC));
        }
        return like(shifted, value);
    }
}
