package io.jdlt.json;

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
        if (isExtendedForm(value)) {
            return parseExtended(value);
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

    /**
     * Whether the value is in the form most timestamps come in, {@code 2024-05-06T07:08:09}, optionally with a fraction
     * and {@code Z} or {@code ±HH:MM}: read without the regular expression, which takes a tenth of normalize's time
     * on timestamp-heavy data. Anything else goes through the expression.
     */
    private static boolean isExtendedForm(String v) {
        if (v.length() < 19 || !digits(v, 0, 4) || v.charAt(4) != '-' || !digits(v, 5, 7) || v.charAt(7) != '-'
                || !digits(v, 8, 10) || (v.charAt(10) != 'T' && v.charAt(10) != ' ') || !digits(v, 11, 13)
                || v.charAt(13) != ':' || !digits(v, 14, 16) || v.charAt(16) != ':' || !digits(v, 17, 19)) {
            return false;
        }
        int i = 19;
        if (i < v.length() && (v.charAt(i) == '.' || v.charAt(i) == ',')) {
            int start = ++i;
            while (i < v.length() && isDigit(v.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 9) {
                return false;
            }
        }
        if (i == v.length()) {
            return true;
        }
        char zone = v.charAt(i);
        if (zone == 'Z' || zone == 'z') {
            return i + 1 == v.length();
        }
        return (zone == '+' || zone == '-') && i + 6 == v.length() && digits(v, i + 1, i + 3)
                && v.charAt(i + 3) == ':' && digits(v, i + 4, i + 6);
    }

    private static @Nullable OffsetDateTime parseExtended(String v) {
        int nanos = 0;
        int i = 19;
        if (i < v.length() && (v.charAt(i) == '.' || v.charAt(i) == ',')) {
            i++;
            int scale = 100_000_000;
            while (i < v.length() && isDigit(v.charAt(i))) {
                nanos += (v.charAt(i) - '0') * scale;
                scale /= 10;
                i++;
            }
        }
        ZoneOffset offset = ZoneOffset.UTC;
        if (i < v.length() && (v.charAt(i) == '+' || v.charAt(i) == '-')) {
            int sign = v.charAt(i) == '-' ? -1 : 1;
            try {
                offset = ZoneOffset.ofHoursMinutes(sign * number(v, i + 1, i + 3), sign * number(v, i + 4, i + 6));
            }
            catch (DateTimeException ex) {
                return null;
            }
        }
        try {
            LocalDateTime local = LocalDateTime.of(number(v, 0, 4), number(v, 5, 7), number(v, 8, 10),
                    number(v, 11, 13), number(v, 14, 16), number(v, 17, 19), nanos);
            return local.atOffset(offset).withOffsetSameInstant(ZoneOffset.UTC);
        }
        catch (DateTimeException ex) {
            return null;
        }
    }

    private static boolean digits(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isDigit(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int number(String value, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (value.charAt(i) - '0');
        }
        return n;
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
