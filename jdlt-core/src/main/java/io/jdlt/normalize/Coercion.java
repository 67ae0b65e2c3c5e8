package io.jdlt.normalize;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.jdlt.json.IsoTimestamps;
import io.jdlt.json.Json;
import io.jdlt.json.TypedJson;
import io.jdlt.schema.DataType;
import org.jspecify.annotations.Nullable;

/**
 * dlt's {@code coerce_value}: converts a value into an existing column's type where dlt allows it (reference §3.4),
 * and returns it as the Java type the loader writes for that column. Anything else is a {@link CoercionException},
 * after which normalize uses a variant column.
 */
final class Coercion {

    private static final Pattern FLOAT_LITERAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern INT_LITERAL = Pattern.compile("[+-]?\\d+");
    private static final Pattern HEX_LITERAL = Pattern.compile("[+-]?0[xX][0-9a-fA-F]+");
    private static final Pattern BASE64 = Pattern.compile("^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$");

    private static final double MIN_EPOCH_SECONDS = -62135596800.0; // 0001-01-01T00:00:00Z
    private static final double MAX_EPOCH_SECONDS = 253402300799.0; // 9999-12-31T23:59:59Z

    private Coercion() {
    }

    static Object coerce(DataType to, DataType from, Object value) throws CoercionException {
        if (to == from) {
            return switch (to) {
                case TEXT -> value.toString();
                // columns keep timestamps in UTC (dlt's default timezone=True)
                case TIMESTAMP -> ((OffsetDateTime) value).withOffsetSameInstant(ZoneOffset.UTC);
                default -> value;
            };
        }
        return switch (to) {
            case TEXT -> toText(from, value);
            case BIGINT -> toBigint(from, value);
            case DOUBLE -> toDouble(from, value);
            case DECIMAL -> toDecimal(from, value);
            case WEI -> toWei(from, value);
            case BOOL -> toBool(from, value);
            case JSON -> toJson(from, value);
            case TIMESTAMP -> toTimestamp(from, value);
            case DATE -> toDate(from, value);
            case TIME -> toTime(from, value);
            case BINARY -> toBinary(from, value);
        };
    }

    private static CoercionException cannot(DataType to, DataType from, Object value) {
        return new CoercionException("cannot coerce " + from + " value to " + to);
    }

    static String toText(DataType from, Object value) {
        return switch (from) {
            case JSON -> Json.toJson(value);
            // dlt's text fallback is Python's str(): True, False, 1.25, 1e+16
            case BOOL -> ((Boolean) value) ? "True" : "False";
            case DOUBLE -> pythonRepr((Double) value);
            case DECIMAL -> ((BigDecimal) value).toPlainString();
            case TIMESTAMP -> pythonIsoFormat((OffsetDateTime) value);
            case BINARY -> Base64.getEncoder().encodeToString((byte[]) value);
            default -> value.toString();
        };
    }

    private static Object toBigint(DataType from, Object value) throws CoercionException {
        switch (from) {
            case TEXT -> {
                String s = ((String) value).strip();
                BigInteger parsed = parseInteger(s);
                if (parsed != null && parsed.bitLength() < 64) {
                    return parsed.longValueExact();
                }
            }
            case DOUBLE -> {
                double d = (Double) value;
                if (d % 1 == 0 && Math.abs(d) < 9.2e18) {
                    return (long) d;
                }
            }
            case DECIMAL, WEI -> {
                BigDecimal decimal = value instanceof BigDecimal bd ? bd : new BigDecimal((BigInteger) value);
                if (decimal.stripTrailingZeros().scale() <= 0) {
                    BigInteger integer = decimal.toBigIntegerExact();
                    if (integer.bitLength() < 64) {
                        return integer.longValueExact();
                    }
                }
            }
            default -> {
            }
        }
        throw cannot(DataType.BIGINT, from, value);
    }

    private static Object toDouble(DataType from, Object value) throws CoercionException {
        switch (from) {
            case TEXT -> {
                String s = ((String) value).strip();
                if (FLOAT_LITERAL.matcher(s).matches()) {
                    return Double.parseDouble(s);
                }
                BigInteger hex = parseInteger(s);
                if (hex != null) {
                    return hex.doubleValue();
                }
            }
            case BIGINT -> {
                return ((Number) value).doubleValue();
            }
            case DECIMAL, WEI -> {
                return ((Number) value).doubleValue();
            }
            default -> {
            }
        }
        throw cannot(DataType.DOUBLE, from, value);
    }

    private static Object toDecimal(DataType from, Object value) throws CoercionException {
        switch (from) {
            case TEXT -> {
                String s = ((String) value).strip();
                if (FLOAT_LITERAL.matcher(s).matches()) {
                    return new BigDecimal(s);
                }
            }
            case BIGINT, WEI -> {
                return value instanceof BigInteger big ? new BigDecimal(big) : BigDecimal.valueOf((Long) value);
            }
            case DOUBLE -> {
                return BigDecimal.valueOf((Double) value);
            }
            default -> {
            }
        }
        throw cannot(DataType.DECIMAL, from, value);
    }

    private static Object toWei(DataType from, Object value) throws CoercionException {
        Object decimal = from == DataType.DECIMAL ? value : toDecimal(from, value);
        BigDecimal wei = (BigDecimal) decimal;
        if (wei.stripTrailingZeros().scale() > 0) {
            throw cannot(DataType.WEI, from, value);
        }
        return wei.toBigIntegerExact();
    }

    private static Object toBool(DataType from, Object value) throws CoercionException {
        switch (from) {
            case TEXT -> {
                // dlt's str2bool: exactly these words, any case, no trimming
                switch (((String) value).toLowerCase(Locale.ROOT)) {
                    case "y", "yes", "t", "true", "1" -> {
                        return Boolean.TRUE;
                    }
                    case "n", "no", "f", "false", "0" -> {
                        return Boolean.FALSE;
                    }
                    default -> {
                    }
                }
            }
            case BIGINT, WEI -> {
                return value instanceof BigInteger big ? big.signum() != 0 : (Long) value != 0L;
            }
            case DOUBLE -> {
                return (Double) value != 0.0;
            }
            case DECIMAL -> {
                return ((BigDecimal) value).signum() != 0;
            }
            default -> {
            }
        }
        throw cannot(DataType.BOOL, from, value);
    }

    private static Object toJson(DataType from, Object value) throws CoercionException {
        if (from == DataType.TEXT) {
            try {
                // json.loads: any JSON document, scalars included
                Object parsed = Json.MAPPER.readValue((String) value, Object.class);
                if (parsed != null) {
                    return parsed;
                }
            }
            catch (RuntimeException ex) {
                // not JSON text: fall through to the variant column
            }
        }
        throw cannot(DataType.JSON, from, value);
    }

    private static Object toTimestamp(DataType from, Object value) throws CoercionException {
        switch (from) {
            case TEXT -> {
                String s = ((String) value).strip();
                OffsetDateTime parsed = IsoTimestamps.parseTimestamp(s);
                if (parsed != null) {
                    return parsed;
                }
                LocalDate date = IsoTimestamps.parseDate(s);
                if (date != null) {
                    return date.atStartOfDay().atOffset(ZoneOffset.UTC);
                }
            }
            case BIGINT, DOUBLE, DECIMAL -> {
                double seconds = ((Number) value).doubleValue();
                // like Python's datetime, only years 1..9999: epoch milliseconds end up in a variant column
                if (seconds >= MIN_EPOCH_SECONDS && seconds <= MAX_EPOCH_SECONDS) {
                    long whole = (long) Math.floor(seconds);
                    long nanos = Math.round((seconds - whole) * 1_000_000) * 1_000;
                    return Instant.ofEpochSecond(whole, nanos).atOffset(ZoneOffset.UTC);
                }
            }
            case DATE -> {
                return ((LocalDate) value).atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            default -> {
            }
        }
        throw cannot(DataType.TIMESTAMP, from, value);
    }

    private static Object toDate(DataType from, Object value) throws CoercionException {
        switch (from) {
            case TEXT -> {
                String s = ((String) value).strip();
                LocalDate date = IsoTimestamps.parseDate(s);
                if (date != null) {
                    return date;
                }
                OffsetDateTime timestamp = IsoTimestamps.parseTimestamp(s);
                if (timestamp != null) {
                    return timestamp.toLocalDate();
                }
            }
            case TIMESTAMP -> {
                return ((OffsetDateTime) value).toLocalDate();
            }
            case BIGINT, DOUBLE -> {
                return ((OffsetDateTime) toTimestamp(from, value)).toLocalDate();
            }
            default -> {
            }
        }
        throw cannot(DataType.DATE, from, value);
    }

    private static Object toTime(DataType from, Object value) throws CoercionException {
        if (from == DataType.TEXT) {
            try {
                return LocalTime.parse(((String) value).strip());
            }
            catch (DateTimeParseException ex) {
                // not a time: fall through to the variant column
            }
        }
        throw cannot(DataType.TIME, from, value);
    }

    private static Object toBinary(DataType from, Object value) throws CoercionException {
        if (from == DataType.TEXT) {
            String s = (String) value;
            if (s.startsWith("0x") && s.length() % 2 == 0) {
                try {
                    return HexFormat.of().parseHex(s.substring(2));
                }
                catch (IllegalArgumentException ex) {
                    throw cannot(DataType.BINARY, from, value);
                }
            }
            if (BASE64.matcher(s).matches()) {
                return Base64.getDecoder().decode(s.getBytes(StandardCharsets.US_ASCII));
            }
        }
        else if (from == DataType.BIGINT && (Long) value >= 0) {
            // dlt: value.to_bytes((value.bit_length() + 7) // 8, "little"); negative numbers do not convert
            long number = (Long) value;
            int length = (64 - Long.numberOfLeadingZeros(number) + 7) / 8;
            byte[] little = new byte[length];
            for (int i = 0; i < length; i++) {
                little[i] = (byte) (number >>> (8 * i));
            }
            return little;
        }
        throw cannot(DataType.BINARY, from, value);
    }

    private static @Nullable BigInteger parseInteger(String s) {
        if (INT_LITERAL.matcher(s).matches()) {
            return new BigInteger(s);
        }
        if (HEX_LITERAL.matcher(s).matches()) {
            boolean negative = s.startsWith("-");
            String digits = s.replaceFirst("^[+-]?0[xX]", "");
            BigInteger parsed = new BigInteger(digits, 16);
            return negative ? parsed.negate() : parsed;
        }
        return null;
    }

    /** Python's {@code datetime.isoformat()}: {@code 2024-01-31T22:00:00+00:00}, microseconds only when set. */
    static String pythonIsoFormat(OffsetDateTime timestamp) {
        OffsetDateTime micros = timestamp.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        String pattern = micros.getNano() == 0 ? "uuuu-MM-dd'T'HH:mm:ssxxx" : "uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx";
        return java.time.format.DateTimeFormatter.ofPattern(pattern, Locale.ROOT).format(micros);
    }

    /** Python's {@code repr(float)}: shortest digits, exponent form below 1e-4 and from 1e16. */
    static String pythonRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = exact.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }
}
