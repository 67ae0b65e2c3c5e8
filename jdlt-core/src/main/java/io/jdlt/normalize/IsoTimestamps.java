package io.jdlt.normalize;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * dlt's strict ISO-like timestamp parsing ({@code parse_iso_like_datetime}), used both to detect timestamp columns
 * from strings and to coerce strings into timestamp columns. A date and a time are required (a bare date is not a
 * timestamp); a value without an offset is taken as UTC, as dlt loads naive timestamps.
 */
public final class IsoTimestamps {

    // extended (2024-05-06T07:08:09.123+02:00) and basic (20240506T070809Z) forms, 'T' or ' ' between date and time
    private static final Pattern TIMESTAMP = Pattern.compile(
            "^(\\d{4})-?(\\d{2})-?(\\d{2})[T ](\\d{2})(?::?(\\d{2})(?::?(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
                    + "(Z|z|[+-]\\d{2}(?::?\\d{2})?)?$");
    private static final Pattern DATE = Pattern.compile("^(\\d{4})-(\\d{2})-(\\d{2})$");

    private IsoTimestamps() {
    }

    /** The timestamp the string holds, in UTC, or {@code null} if it is not an ISO timestamp. */
    public static @Nullable OffsetDateTime parseTimestamp(String value) {
        if (value.length() < 11 || value.length() > 40) {
            return null;
        }
        Matcher m = TIMESTAMP.matcher(value);
        if (!m.matches()) {
            return null;
        }
        try {
            int nanos = 0;
            if (m.group(7) != null) {
                String fraction = (m.group(7) + "00000000").substring(0, 9);
                nanos = Integer.parseInt(fraction);
            }
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)),
                    m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)), nanos);
            return local.atOffset(offset(m.group(8))).withOffsetSameInstant(ZoneOffset.UTC);
        }
        catch (DateTimeException | NumberFormatException ex) {
            return null;
        }
    }

    /** The date a {@code YYYY-MM-DD} string holds, or {@code null}. */
    public static @Nullable LocalDate parseDate(String value) {
        Matcher m = DATE.matcher(value);
        if (!m.matches()) {
            return null;
        }
        try {
            return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        }
        catch (DateTimeException ex) {
            return null;
        }
    }

    private static ZoneOffset offset(@Nullable String designator) {
        if (designator == null || designator.equalsIgnoreCase("Z")) {
            return ZoneOffset.UTC;
        }
        String digits = designator.replace(":", "");
        int hours = Integer.parseInt(digits.substring(1, 3));
        int minutes = digits.length() > 3 ? Integer.parseInt(digits.substring(3, 5)) : 0;
        int sign = digits.charAt(0) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }
}
