package io.jdlt.destination.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLDataException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.jdlt.json.Json;
import io.jdlt.json.PropertyNames;
import io.jdlt.schema.DataType;
import io.jdlt.format.CsvRecordReader;
import org.jspecify.annotations.Nullable;
import org.postgresql.util.ByteConverter;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.SerializableString;

/**
 * Turns normalized JSON lines into PostgreSQL's binary {@code COPY} format, streaming: the server then stores each
 * value as it comes instead of parsing its text (a 1M-row parent table: {@code COPY} 1.5 s as CSV, 0.9 s binary).
 * <p>
 * Each value is read as the text a CSV {@code COPY} would have sent and turned into the column's binary form the way
 * PostgreSQL's input function reads that text: ISO timestamps (the offset ignored by {@code timestamp without time
 * zone}, as PostgreSQL ignores it), {@code infinity}, PostgreSQL's boolean words, decimals of any scale (the server
 * rounds them, and timestamps, to the column's precision and checks ranges as it would for text). A value that does
 * not read as its column's type fails with PostgreSQL's words and the column's name, a data error that fails the job.
 */
final class BinaryCopyRows {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** PostgreSQL's epoch, 2000-01-01, in days and seconds of the Unix epoch. */
    private static final long PG_EPOCH_DAY = 10_957;
    private static final long PG_EPOCH_SECOND = PG_EPOCH_DAY * 86_400;
    /** PostgreSQL refuses offsets of 16 hours and more. */
    private static final int MAX_OFFSET_HOURS = 15;
    /** PostgreSQL's limits of {@code numeric}: digits before the point, after it, and the exponent it reads. */
    private static final int NUMERIC_MAX_WEIGHT_DIGITS = 131_072;
    private static final int NUMERIC_MAX_DSCALE = 16_383;
    private static final int NUMERIC_MAX_EXPONENT = 1_000;
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** Not a value {@link #canonicalTimestamp} can return: PostgreSQL's timestamps end long before. */
    private static final long NOT_CANONICAL = Long.MIN_VALUE + 1;
    private static final Pattern TIMESTAMP = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d{1,9}))?)?(Z|[+-]\\d{2}(?::?\\d{2}(?::?\\d{2})?)?)?");

    /** The column types this writer encodes, by PostgreSQL's type name ({@code pg_type.typname}). */
    enum FieldType {
        TEXT, INT2, INT4, INT8, FLOAT8, BOOL, TIMESTAMPTZ, TIMESTAMP, DATE, TIME, NUMERIC, JSONB, JSON, BYTEA;

        private static final Map<String, FieldType> BY_TYPE_NAME = Map.ofEntries(Map.entry("varchar", TEXT),
                Map.entry("text", TEXT), Map.entry("int2", INT2), Map.entry("int4", INT4), Map.entry("int8", INT8),
                Map.entry("float8", FLOAT8), Map.entry("bool", BOOL), Map.entry("timestamptz", TIMESTAMPTZ),
                Map.entry("timestamp", TIMESTAMP), Map.entry("date", DATE), Map.entry("time", TIME),
                Map.entry("numeric", NUMERIC), Map.entry("jsonb", JSONB), Map.entry("json", JSON),
                Map.entry("bytea", BYTEA));

        static Optional<FieldType> of(String typeName) {
            return Optional.ofNullable(BY_TYPE_NAME.get(typeName));
        }

        /**
         * Whether a destination column of this type is the one jdlt creates for the schema's type: only then are its
         * values read the way {@link io.jdlt.format.CsvConversion} writes them (a json column's strings quoted, a
         * binary column's base64 decoded).
         */
        boolean holds(DataType type) {
            return switch (type) {
                case TEXT -> this == TEXT;
                case BIGINT -> this == INT2 || this == INT4 || this == INT8;
                case DOUBLE -> this == FLOAT8;
                case BOOL -> this == BOOL;
                case TIMESTAMP -> this == TIMESTAMPTZ || this == TIMESTAMP;
                case DATE -> this == DATE;
                case TIME -> this == TIME;
                case DECIMAL, WEI -> this == NUMERIC;
                case JSON -> this == JSONB || this == JSON;
                case BINARY -> this == BYTEA;
            };
        }

        /** PostgreSQL's name of the type, for messages. */
        String sqlName() {
            return switch (this) {
                case TEXT -> "character varying";
                case INT2 -> "smallint";
                case INT4 -> "integer";
                case INT8 -> "bigint";
                case FLOAT8 -> "double precision";
                case BOOL -> "boolean";
                case TIMESTAMPTZ -> "timestamp with time zone";
                case TIMESTAMP -> "timestamp without time zone";
                case DATE -> "date";
                case TIME -> "time without time zone";
                case NUMERIC -> "numeric";
                case JSONB -> "jsonb";
                case JSON -> "json";
                case BYTEA -> "bytea";
            };
        }
    }

    private BinaryCopyRows() {
    }

    /**
     * Converts every line of {@code jsonl} into a binary {@code COPY} row of {@code columns}, in their order.
     *
     * @param types each column's type at the destination, in the same order
     * @throws SQLDataException for a value its column's type cannot read, naming the column
     */
    static void convert(InputStream jsonl, List<String> columns, List<FieldType> types, OutputStream out)
            throws IOException, SQLDataException {
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            positions.put(columns.get(i), i);
        }
        FieldType[] fieldTypes = types.toArray(FieldType[]::new);
        SerializableString[] names = columns.stream().map(PropertyNames::of).toArray(SerializableString[]::new);
        byte[][] fields = new byte[columns.size()][];
        RowBuffer row = new RowBuffer();
        writeHeader(out);
        try (JsonParser parser = Json.MAPPER.createParser(jsonl)) {
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                java.util.Arrays.fill(fields, null);
                // the normalizer writes a row's values in the order of its columns: the parser checks the next name
                // against the expected one byte by byte, and only a name out of order is looked up
                int expected = 0;
                while (true) {
                    int position;
                    if (expected < names.length && parser.nextName(names[expected])) {
                        position = expected;
                    }
                    else {
                        if ((expected < names.length ? parser.currentToken() : parser.nextToken())
                                != JsonToken.PROPERTY_NAME) {
                            break;
                        }
                        position = positions.getOrDefault(parser.currentName(), -1);
                    }
                    JsonToken token = parser.nextToken();
                    if (position < 0) {
                        parser.skipChildren();
                        continue;
                    }
                    expected = position + 1;
                    FieldType type = fieldTypes[position];
                    byte[] direct = direct(type, token, parser, columns.get(position));
                    if (direct != null) {
                        fields[position] = direct;
                        continue;
                    }
                    String text = text(token, parser, type);
                    fields[position] = text == null ? null : encode(type, text, token, columns.get(position));
                }
                row.write(fields, out);
            }
        }
        writeTrailer(out);
    }

    /**
     * The same rows from a CSV file as normalize writes them ({@link io.jdlt.format.CsvRowFile}: a header, text
     * quoted, NULL an empty unquoted field, binary as {@code \x} hex, JSON as its text), each field read as
     * PostgreSQL's {@code COPY … CSV} would read its text: the server then stores values instead of parsing 3M rows of
     * text in its one backend.
     *
     * @param columns the columns of the file's header, in its order
     */
    static void convertCsv(InputStream csv, List<String> columns, List<FieldType> types, OutputStream out)
            throws IOException, SQLDataException {
        FieldType[] fieldTypes = types.toArray(FieldType[]::new);
        byte[][] fields = new byte[columns.size()][];
        RowBuffer row = new RowBuffer();
        writeHeader(out);
        CsvRecordReader records = new CsvRecordReader(csv);
        records.next(); // the header: the caller's columns
        while (records.next()) {
            if (records.fieldCount() != fields.length) {
                throw new SQLDataException("CSV record " + records.recordNumber() + " has " + records.fieldCount()
                        + " fields, its header " + fields.length, "22P04");
            }
            for (int i = 0; i < fields.length; i++) {
                fields[i] = records.isNull(i) ? null : csvField(fieldTypes[i], records, i, columns.get(i));
            }
            row.write(fields, out);
        }
        writeTrailer(out);
    }

    private static byte[] csvField(FieldType type, CsvRecordReader records, int field, String column)
            throws SQLDataException {
        return switch (type) {
            // the file's bytes are already the UTF-8 the server stores
            case TEXT, JSON -> records.bytes(field);
            case JSONB -> records.bytesAfter((byte) 1, field);
            case BYTEA -> {
                String text = records.text(field);
                if (!text.startsWith("\\x")) {
                    throw new SQLDataException("a bytea value must be \\x hex text, not " + shown(text) + inColumn(column),
                            "22P02");
                }
                try {
                    yield java.util.HexFormat.of().parseHex(text, 2, text.length());
                }
                catch (IllegalArgumentException ex) {
                    throw new SQLDataException("invalid hexadecimal data in a bytea value" + inColumn(column) + ": "
                            + ex.getMessage(), "22P02", ex);
                }
            }
            default -> encode(type, records.text(field), JsonToken.VALUE_STRING, column);
        };
    }

    private static void writeHeader(OutputStream out) throws IOException {
        out.write(SIGNATURE);
        out.write(new byte[8]); // flags and header extension length: none
    }

    private static void writeTrailer(OutputStream out) throws IOException {
        out.write(new byte[] {(byte) 0xFF, (byte) 0xFF}); // a row of -1 fields
    }

    private static final byte[] TRUE = {1};
    private static final byte[] FALSE = {0};

    /**
     * A JSON number in a number column or a JSON boolean in a boolean column, read as the parser holds it rather than
     * through its text; {@code null} for anything else.
     */
    private static byte @Nullable [] direct(FieldType type, JsonToken token, JsonParser parser, String column)
            throws SQLDataException {
        if (type == FieldType.BOOL && (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE)) {
            return token == JsonToken.VALUE_TRUE ? TRUE : FALSE;
        }
        if (token == JsonToken.VALUE_NUMBER_INT && (type == FieldType.INT8 || type == FieldType.INT4
                || type == FieldType.INT2)) {
            JsonParser.NumberType numberType = parser.getNumberType();
            if (numberType != JsonParser.NumberType.INT && numberType != JsonParser.NumberType.LONG) {
                throw outOfRange(parser.getString(), type, column);
            }
            return integerBytes(parser.getLongValue(), type, column);
        }
        if ((token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) && type == FieldType.FLOAT8) {
            double value = parser.getDoubleValue();
            if (value == 0 && parser.getString().startsWith("-")) {
                value = -0.0;
            }
            // NaN, Infinity and -Infinity as the normalizer writes them are values of double precision; an infinity
            // from digits is a number out of range
            if (!parser.isNaN() && (Double.isInfinite(value) || (value == 0 && hasNonZeroDigit(parser.getString())))) {
                throw new SQLDataException("\"" + shown(parser.getString()) + "\" is out of range for type double "
                        + "precision" + inColumn(column), "22003");
            }
            byte[] bytes = new byte[8];
            ByteConverter.float8(bytes, 0, value);
            return bytes;
        }
        return null;
    }

    /** An integer in the column's width, big-endian; refused with PostgreSQL's words if it does not fit. */
    private static byte[] integerBytes(long value, FieldType type, String column) throws SQLDataException {
        int width = switch (type) {
            case INT2 -> 2;
            case INT4 -> 4;
            default -> 8;
        };
        long limit = 1L << (width * 8 - 1);
        if (width < 8 && (value < -limit || value >= limit)) {
            throw outOfRange(Long.toString(value), type, column);
        }
        byte[] bytes = new byte[width];
        for (int i = 0; i < width; i++) {
            bytes[i] = (byte) (value >>> (8 * (width - 1 - i)));
        }
        return bytes;
    }

    /** Whether a number's digits before its exponent are not all zeros: such a number rounding to 0 underflowed. */
    private static boolean hasNonZeroDigit(String number) {
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c == 'e' || c == 'E') {
                return false;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    /** The value as the text a CSV {@code COPY} sends for it; {@code null} for SQL NULL. */
    private static @Nullable String text(JsonToken token, JsonParser parser, FieldType type) {
        return switch (token) {
            case VALUE_NULL -> null;
            case START_OBJECT, START_ARRAY -> Json.toJson(parser.readValueAsTree());
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_STRING -> (type == FieldType.JSONB || type == FieldType.JSON) ? Json.toJson(parser.getString())
                    : parser.getString();
            default -> parser.getString();
        };
    }

    private static byte[] encode(FieldType type, String text, JsonToken token, String column) throws SQLDataException {
        return switch (type) {
            case TEXT -> text.getBytes(StandardCharsets.UTF_8);
            case INT2, INT4, INT8 -> integerBytes(integer(text, type, column), type, column);
            case FLOAT8 -> {
                byte[] bytes = new byte[8];
                ByteConverter.float8(bytes, 0, float8(text, column));
                yield bytes;
            }
            case BOOL -> new byte[] {(byte) (bool(text, column) ? 1 : 0)};
            case TIMESTAMPTZ, TIMESTAMP -> {
                byte[] bytes = new byte[8];
                ByteConverter.int8(bytes, 0, timestamp(text, type, column));
                yield bytes;
            }
            case DATE -> {
                byte[] bytes = new byte[4];
                ByteConverter.int4(bytes, 0, date(text, column));
                yield bytes;
            }
            case TIME -> {
                byte[] bytes = new byte[8];
                ByteConverter.int8(bytes, 0, time(text, column));
                yield bytes;
            }
            case NUMERIC -> numeric(text, column);
            case JSONB -> {
                byte[] json = text.getBytes(StandardCharsets.UTF_8);
                byte[] bytes = new byte[json.length + 1];
                bytes[0] = 1; // jsonb's binary format version: the JSON text follows
                System.arraycopy(json, 0, bytes, 1, json.length);
                yield bytes;
            }
            case JSON -> text.getBytes(StandardCharsets.UTF_8);
            case BYTEA -> bytea(text, token, column);
        };
    }

    /** {@code [+-]?[0-9]+}, without a regular expression: a file has millions of them. */
    private static boolean isInteger(String text) {
        int i = text.startsWith("+") || text.startsWith("-") ? 1 : 0;
        int digits = skipDigits(text, i) - i;
        return digits > 0 && i + digits == text.length();
    }

    /**
     * {@code [+-]?([0-9]+.?[0-9]*|.[0-9]+)([eE][+-]?[0-9]+)?} (the dots literal): the decimal numbers PostgreSQL reads,
     * without a regular expression.
     */
    private static boolean isDecimal(String text) {
        int n = text.length();
        int i = text.startsWith("+") || text.startsWith("-") ? 1 : 0;
        int afterInteger = skipDigits(text, i);
        boolean digits = afterInteger > i;
        i = afterInteger;
        if (i < n && text.charAt(i) == '.') {
            int afterFraction = skipDigits(text, i + 1);
            digits |= afterFraction > i + 1;
            i = afterFraction;
        }
        if (!digits) {
            return false;
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            int afterExponent = skipDigits(text, i);
            if (afterExponent == i) {
                return false;
            }
            i = afterExponent;
        }
        return i == n;
    }

    private static int skipDigits(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private static long integer(String text, FieldType type, String column) throws SQLDataException {
        String trimmed = text.strip();
        if (!isInteger(trimmed)) {
            throw invalid(text, type, column);
        }
        try {
            return Long.parseLong(trimmed);
        }
        catch (NumberFormatException tooLarge) {
            throw outOfRange(text, type, column);
        }
    }

    /** {@code float8in}: a decimal number, {@code NaN} or an infinity; a finite number out of range is refused. */
    private static double float8(String text, String column) throws SQLDataException {
        String trimmed = text.strip();
        switch (trimmed.toLowerCase(Locale.ROOT)) {
            case "nan", "+nan", "-nan" -> {
                return Double.NaN;
            }
            case "infinity", "+infinity", "inf", "+inf" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-infinity", "-inf" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                if (!isDecimal(trimmed)) {
                    throw invalid(text, FieldType.FLOAT8, column);
                }
                double value = Double.parseDouble(trimmed);
                if (Double.isInfinite(value) || (value == 0 && hasNonZeroDigit(trimmed))) {
                    throw new SQLDataException("\"" + text + "\" is out of range for type double precision"
                            + inColumn(column), "22003");
                }
                return value;
            }
        }
    }

    /** {@code boolin}: PostgreSQL's words for true and false and any prefix of them that is not ambiguous. */
    private static boolean bool(String text, String column) throws SQLDataException {
        String value = text.strip().toLowerCase(Locale.ROOT);
        if (!value.isEmpty()) {
            // "o" alone could be either "on" or "off"
            boolean onOrOff = value.length() >= 2;
            if ("true".startsWith(value) || "yes".startsWith(value) || (onOrOff && "on".startsWith(value))
                    || value.equals("1")) {
                return true;
            }
            if ("false".startsWith(value) || "no".startsWith(value) || (onOrOff && "off".startsWith(value))
                    || value.equals("0")) {
                return false;
            }
        }
        throw invalid(text, FieldType.BOOL, column);
    }

    /**
     * Microseconds since 2000-01-01 of an ISO timestamp: the instant for {@code timestamptz}, the written date and
     * time for {@code timestamp} (PostgreSQL ignores an offset there). {@code infinity} and {@code -infinity} are
     * PostgreSQL's largest and smallest values.
     */
    private static long timestamp(String text, FieldType type, String column) throws SQLDataException {
        String trimmed = text.strip();
        if (trimmed.equalsIgnoreCase("infinity") || trimmed.equalsIgnoreCase("+infinity")) {
            return Long.MAX_VALUE;
        }
        if (trimmed.equalsIgnoreCase("-infinity")) {
            return Long.MIN_VALUE;
        }
        long canonical = canonicalTimestamp(trimmed, type == FieldType.TIMESTAMPTZ);
        if (canonical != NOT_CANONICAL) {
            return canonical;
        }
        var matcher = TIMESTAMP.matcher(trimmed);
        if (!matcher.matches()) {
            throw invalid(text, type, column);
        }
        try {
            String fraction = matcher.group(7);
            long nanos = fraction == null ? 0 : Long.parseLong((fraction + "00000000").substring(0, 9));
            if (Integer.parseInt(matcher.group(1)) == 0) {
                // PostgreSQL has no year 0 (1 BC comes before 1 AD)
                throw new DateTimeException("year 0");
            }
            // PostgreSQL checks an offset even where it then ignores it (timestamp without time zone)
            int offset = matcher.group(8) == null ? 0 : offsetSeconds(matcher.group(8), text, column);
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(matcher.group(1)),
                    Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)),
                    Integer.parseInt(matcher.group(4)), Integer.parseInt(matcher.group(5)),
                    matcher.group(6) == null ? 0 : Integer.parseInt(matcher.group(6)));
            long second = local.toEpochSecond(ZoneOffset.UTC);
            if (type == FieldType.TIMESTAMPTZ) {
                second -= offset;
            }
            return Math.multiplyExact(second - PG_EPOCH_SECOND, 1_000_000L) + micros(nanos);
        }
        catch (DateTimeException | ArithmeticException ex) {
            throw new SQLDataException("date/time field value out of range: \"" + text + "\"" + inColumn(column),
                    "22008", ex);
        }
    }

    /**
     * The timestamp of the form normalize writes, {@code 2024-01-01T00:00:00[.ffffff](Z|±HH:MM)}, read without a
     * regular expression; {@link #NOT_CANONICAL} for any other form.
     */
    private static long canonicalTimestamp(String s, boolean withZone) {
        int length = s.length();
        if (length < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return NOT_CANONICAL;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > LocalDate.of(year, month, 1).lengthOfMonth()
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return NOT_CANONICAL;
        }
        int position = 19;
        long nanos = 0;
        if (position < length && s.charAt(position) == '.') {
            int start = ++position;
            while (position < length && position - start < 9 && Character.isDigit(s.charAt(position))) {
                nanos = nanos * 10 + (s.charAt(position++) - '0');
            }
            if (position == start) {
                return NOT_CANONICAL;
            }
            for (int scale = position - start; scale < 9; scale++) {
                nanos *= 10;
            }
        }
        int offset;
        if (position == length - 1 && s.charAt(position) == 'Z') {
            offset = 0;
        }
        else if (position == length - 6 && (s.charAt(position) == '+' || s.charAt(position) == '-')
                && s.charAt(position + 3) == ':') {
            int hours = digits(s, position + 1, 2);
            int minutes = digits(s, position + 4, 2);
            if (hours < 0 || minutes < 0 || hours > MAX_OFFSET_HOURS || minutes > 59) {
                return NOT_CANONICAL;
            }
            offset = (s.charAt(position) == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
        }
        else {
            return NOT_CANONICAL;
        }
        long epochSecond = LocalDate.of(year, month, day).toEpochDay() * 86_400 + hour * 3600L + minute * 60L + second
                - (withZone ? offset : 0);
        return (epochSecond - PG_EPOCH_SECOND) * 1_000_000L + micros(nanos);
    }

    /**
     * A fraction of a second in whole microseconds as PostgreSQL rounds it: {@code rint(strtod(".fff") * 1e6)}, in
     * doubles ({@code nanos / 1e9} is the double {@code strtod} reads), so a fraction that ends on half a microsecond
     * rounds as it does on the server.
     */
    private static long micros(long nanos) {
        return (long) Math.rint(nanos / 1e9 * 1e6);
    }

    /** The number of {@code count} decimal digits at {@code start}, or -1. */
    private static int digits(String s, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int offsetSeconds(String designator, String text, String column) throws SQLDataException {
        if (designator.equals("Z")) {
            return 0;
        }
        String digits = designator.substring(1).replace(":", "");
        int hours = Integer.parseInt(digits.substring(0, 2));
        int minutes = digits.length() >= 4 ? Integer.parseInt(digits.substring(2, 4)) : 0;
        int seconds = digits.length() >= 6 ? Integer.parseInt(digits.substring(4, 6)) : 0;
        if (hours > MAX_OFFSET_HOURS || minutes > 59 || seconds > 59) {
            throw new SQLDataException("time zone displacement out of range: \"" + shown(text) + "\"" + inColumn(column),
                    "22009");
        }
        int total = hours * 3600 + minutes * 60 + seconds;
        return designator.charAt(0) == '-' ? -total : total;
    }

    private static int date(String text, String column) throws SQLDataException {
        String trimmed = text.strip();
        if (trimmed.equalsIgnoreCase("infinity") || trimmed.equalsIgnoreCase("+infinity")) {
            return Integer.MAX_VALUE;
        }
        if (trimmed.equalsIgnoreCase("-infinity")) {
            return Integer.MIN_VALUE;
        }
        // LocalDate.toString() signs years beyond 9999 and before 1, which PostgreSQL reads as a time zone
        if (!ISO_DATE.matcher(trimmed).matches()) {
            throw invalid(text, FieldType.DATE, column);
        }
        try {
            LocalDate date = LocalDate.parse(trimmed, DateTimeFormatter.ISO_LOCAL_DATE);
            if (date.getYear() == 0) {
                throw new DateTimeException("year 0");
            }
            return Math.toIntExact(date.toEpochDay() - PG_EPOCH_DAY);
        }
        catch (DateTimeException | ArithmeticException ex) {
            throw new SQLDataException("date/time field value out of range: \"" + shown(text) + "\"" + inColumn(column),
                    "22008", ex);
        }
    }

    private static long time(String text, String column) throws SQLDataException {
        try {
            LocalTime time = LocalTime.parse(text.strip(), DateTimeFormatter.ISO_LOCAL_TIME);
            return time.getLong(ChronoField.SECOND_OF_DAY) * 1_000_000L + micros(time.getNano());
        }
        catch (DateTimeException ex) {
            throw invalid(text, FieldType.TIME, column);
        }
    }

    /** The server rounds the value to the column's scale and refuses it if it then overflows the precision. */
    private static byte[] numeric(String text, String column) throws SQLDataException {
        String trimmed = text.strip();
        short special = switch (trimmed.toLowerCase(Locale.ROOT)) {
            case "nan" -> (short) 0xC000;
            case "infinity", "+infinity", "inf", "+inf" -> (short) 0xD000;
            case "-infinity", "-inf" -> (short) 0xF000;
            default -> 0;
        };
        if (special != 0) {
            byte[] bytes = new byte[8];
            ByteConverter.int2(bytes, 4, special);
            return bytes;
        }
        if (!isDecimal(trimmed)) {
            throw invalid(text, FieldType.NUMERIC, column);
        }
        int exponentAt = Math.max(trimmed.indexOf('e'), trimmed.indexOf('E'));
        if (exponentAt >= 0) {
            String exponent = trimmed.substring(exponentAt + 1);
            if (exponent.replaceFirst("^[+-]?0*", "").length() > 4
                    || Math.abs(Integer.parseInt(exponent)) > NUMERIC_MAX_EXPONENT) {
                throw invalid(text, FieldType.NUMERIC, column);
            }
        }
        BigDecimal value = new BigDecimal(trimmed);
        if (value.precision() - value.scale() > NUMERIC_MAX_WEIGHT_DIGITS || value.scale() > NUMERIC_MAX_DSCALE) {
            throw new SQLDataException("value overflows numeric format" + inColumn(column), "22003");
        }
        return ByteConverter.numeric(value);
    }

    private static byte[] bytea(String text, JsonToken token, String column) throws SQLDataException {
        if (token != JsonToken.VALUE_STRING) {
            throw new SQLDataException("a bytea value must be base64 text, not " + shown(text) + inColumn(column),
                    "22P02");
        }
        try {
            return Base64.getDecoder().decode(text);
        }
        catch (IllegalArgumentException ex) {
            throw new SQLDataException("invalid base64 in a bytea value" + inColumn(column) + ": " + ex.getMessage(),
                    "22P02", ex);
        }
    }

    private static SQLDataException invalid(String text, FieldType type, String column) {
        return new SQLDataException("invalid input syntax for type " + type.sqlName() + ": \"" + shown(text) + "\""
                + inColumn(column), "22P02");
    }

    private static SQLDataException outOfRange(String text, FieldType type, String column) {
        return new SQLDataException("value \"" + shown(text) + "\" is out of range for type " + type.sqlName()
                + inColumn(column), "22003");
    }

    private static String inColumn(String column) {
        return " (column \"" + column + "\")";
    }

    private static String shown(String text) {
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }

    /** One row's fields, written to the stream in one piece. */
    private static final class RowBuffer {
        private byte[] buffer = new byte[1024];
        private int length;

        void write(byte[][] fields, OutputStream out) throws IOException {
            length = 0;
            ensure(2);
            putShort(fields.length);
            for (byte[] field : fields) {
                ensure(4 + (field == null ? 0 : field.length));
                putInt(field == null ? -1 : field.length);
                if (field != null) {
                    System.arraycopy(field, 0, buffer, length, field.length);
                    length += field.length;
                }
            }
            out.write(buffer, 0, length);
        }

        private void ensure(int more) {
            if (length + more > buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
            }
        }

        private void putShort(int value) {
            buffer[length++] = (byte) (value >>> 8);
            buffer[length++] = (byte) value;
        }

        private void putInt(int value) {
            buffer[length++] = (byte) (value >>> 24);
            buffer[length++] = (byte) (value >>> 16);
            buffer[length++] = (byte) (value >>> 8);
            buffer[length++] = (byte) value;
        }
    }
}
