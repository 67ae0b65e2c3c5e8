package io.jdlt.json;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.BaseStream;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * dlt's typed JSON: the JSON of extracted items in which decimals, timestamps, dates, times and bytes survive the
 * hop from extract to normalize. Such values are written as strings that start with a private-use character
 * ({@code U+F026 + n}, n = 0 decimal, 1 timestamp, 2 date, 5 bytes, 7 time; dlt's {@code JSON_TYPED_PUA}).
 * <p>
 * Reading yields jdlt's item values: {@link Map} (insertion ordered), {@link List}, {@link String}, {@link Long},
 * {@link BigInteger}, {@link Double}, {@link Boolean}, {@link BigDecimal}, {@link OffsetDateTime}, {@link LocalDate},
 * {@link LocalTime}, {@code byte[]} and {@code null}.
 */
public final class TypedJson {

    private static final char PUA_START = '\uF026';
    private static final char DECIMAL = PUA_START;
    private static final char TIMESTAMP = (char) (PUA_START + 1);
    private static final char DATE = (char) (PUA_START + 2);
    private static final char BYTES = (char) (PUA_START + 5);
    private static final char TIME = (char) (PUA_START + 7);

    private TypedJson() {
    }

    // ------------------------------------------------------------------------------------------------ writing

    /**
     * Writes any value a resource may yield: maps, iterables, arrays, records, Jackson trees, scalars, java.time
     * values, and other objects through Jackson's bean serialization.
     *
     * @throws UnsupportedValueException for a value that cannot be represented, naming its path in the item
     */
    public static void write(JsonGenerator out, @org.jspecify.annotations.Nullable Object value) {
        write(out, value, ValuePath.root(value), 0, false);
    }

    /**
     * Writes plain data only: maps, collections and optionals of the JDK, JSON trees, arrays and scalars. A record, a
     * bean or another implementation of a map or collection (a Hibernate collection, a lazily loaded entity) is read
     * through code that may need the thread that made it: it fails the write, and the caller writes the item on that
     * thread instead.
     *
     * @throws IllegalStateException for a value that is not plain data
     */
    public static void writePlainData(JsonGenerator out, @org.jspecify.annotations.Nullable Object value) {
        write(out, value, ValuePath.root(value), 0, true);
    }

    /**
     * Fails as {@link #write} would, writing nothing: for a value about to be handed to Jackson whole (which follows a
     * cycle until the stack overflows), a deep or cyclic one is then named instead.
     *
     * @throws UnsupportedValueException for a value that cannot be represented, naming its path in the item
     */
    public static void requireWritable(@org.jspecify.annotations.Nullable Object value) {
        try (JsonGenerator nowhere = Json.MAPPER.createGenerator(java.io.OutputStream.nullOutputStream())) {
            write(nowhere, value);
        }
    }

    /**
     * The properties of a bean, one level deep, as Jackson names them: values Jackson writes as text, numbers or
     * booleans in the plain Java form Jackson reads them back as; values holding other values (beans, maps, lists,
     * records) as the objects themselves, an optional as what it holds. Reading a bean this way never follows a cycle.
     *
     * @throws UnsupportedValueException when a getter throws, naming the property
     */
    public static Map<String, @org.jspecify.annotations.Nullable Object> beanProperties(Object bean) {
        JsonNode tree = readBean(bean, ValuePath.root(bean));
        Map<String, Object> properties = new LinkedHashMap<>();
        if (!tree.isObject()) {
            return properties;
        }
        for (Map.Entry<String, JsonNode> property : tree.properties()) {
            JsonNode node = property.getValue();
            Object value;
            if (node.isPojo()) {
                value = ((tools.jackson.databind.node.POJONode) node).getPojo();
                while (value instanceof Optional<?> optional) {
                    value = optional.orElse(null);
                }
                if (value != null && !BeanLevel.holdsOtherValues(value)) {
                    value = Json.MAPPER.convertValue(value, Object.class);
                }
            }
            else {
                value = Json.MAPPER.convertValue(node, Object.class);
            }
            properties.put(property.getKey(), value);
        }
        return properties;
    }

    private static void requirePlain(boolean plain, Object value) {
        if (plain && !value.getClass().getName().startsWith("java.")) {
            throw new NotPlainData(value.getClass());
        }
    }

    /** A value {@link #writePlainData} leaves to the thread that made it; cheap: no stack trace. */
    private static final class NotPlainData extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NotPlainData(Class<?> type) {
            super("not plain data: " + type.getName());
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private static void write(JsonGenerator out, @org.jspecify.annotations.Nullable Object value, ValuePath path,
            int depth, boolean plain) {
        if (depth > Json.MAX_NESTING_DEPTH) {
            throw tooDeep(path, value);
        }
        if (value == null) {
            out.writeNull();
        }
        else if (value instanceof String s) {
            out.writeString(s);
        }
        else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        }
        else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            out.writeNumber(((Number) value).longValue());
        }
        else if (value instanceof Double || value instanceof Float) {
            // NaN and the infinities too, as bare tokens (Json.JSONL): normalize keeps them where the column is a
            // double and stores NULL, with a warning, elsewhere (dlt's orjson makes every one of them null)
            out.writeNumber(((Number) value).doubleValue());
        }
        else if (value instanceof BigInteger big) {
            out.writeNumber(big);
        }
        else if (value instanceof BigDecimal decimal) {
            out.writeString(DECIMAL + decimal.toPlainString());
        }
        else if (value instanceof Map<?, ?> map) {
            requirePlain(plain, map);
            out.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                // a parser refuses a name with a lone surrogate (a value it reads): fixed here, counted in normalize
                String key = Utf16.validKey(String.valueOf(entry.getKey()));
                Object entryValue = entry.getValue();
                out.writeName(key);
                write(out, entryValue, path.key(key, entryValue), depth + 1, plain);
            }
            out.writeEndObject();
        }
        else if (value instanceof JsonNode node) {
            writeNode(out, node, path, depth, plain);
        }
        else if (value instanceof byte[] bytes) {
            out.writeString(BYTES + Base64.getEncoder().encodeToString(bytes));
        }
        else if (value instanceof Iterable<?> iterable) {
            requirePlain(plain, iterable);
            writeSequence(out, iterable.iterator(), path, depth, plain);
        }
        else if (value.getClass().isArray()) {
            out.writeStartArray();
            int length = Array.getLength(value);
            for (int i = 0; i < length; i++) {
                Object element = Array.get(value, i);
                write(out, element, path.index(i, element), depth + 1, plain);
            }
            out.writeEndArray();
        }
        else if (value instanceof Optional<?> optional) {
            Object present = optional.orElse(null);
            write(out, present, path.holding(present), depth, plain);
        }
        else if (value instanceof Enum<?> e) {
            out.writeString(e.name());
        }
        else if (value instanceof CharSequence || value instanceof Character || value instanceof UUID) {
            out.writeString(value.toString());
        }
        else if (value instanceof Number n) {
            // AtomicLong, LongAdder and friends
            out.writeNumber(new BigDecimal(n.toString()).stripTrailingZeros().scale() <= 0
                    ? n.longValue() : n.doubleValue());
        }
        else if (isTemporal(value)) {
            writeTemporal(out, value, path);
        }
        else if (value instanceof Record record) {
            requirePlain(plain, record);
            writeRecord(out, record, path, depth);
        }
        else {
            writeOther(out, value, path, depth, plain);
        }
    }

    /**
     * The JDK's holders of one or more values that Jackson would otherwise follow on its own, unguarded, and beans.
     */
    private static void writeOther(JsonGenerator out, Object value, ValuePath path, int depth, boolean plain) {
        if (value instanceof AtomicReference<?> reference) {
            Object held = reference.get();
            write(out, held, path.holding(held), depth, plain);
        }
        else if (value instanceof Map.Entry<?, ?> entry) {
            // as Jackson writes an entry: an object of one property
            String key = String.valueOf(entry.getKey());
            out.writeStartObject();
            out.writeName(key);
            write(out, entry.getValue(), path.key(key, entry.getValue()), depth + 1, plain);
            out.writeEndObject();
        }
        else if (value instanceof Iterator<?> || value instanceof BaseStream<?, ?>) {
            if (plain) {
                // read once only: a helper that gave up half-way could not hand the rest back
                throw new NotPlainData(value.getClass());
            }
            writeSequence(out, value instanceof Iterator<?> iterator ? iterator : ((BaseStream<?, ?>) value).iterator(),
                    path, depth, false);
        }
        else {
            requirePlain(plain, value);
            writeBean(out, value, path, depth);
        }
    }

    private static boolean isTemporal(Object value) {
        return value instanceof OffsetDateTime || value instanceof Instant || value instanceof ZonedDateTime
                || value instanceof LocalDateTime || value instanceof LocalDate || value instanceof LocalTime
                || value instanceof OffsetTime || value instanceof Date;
    }

    /**
     * Dates and timestamps of the years 1 to 9999 only: Python's datetime range, so dlt's, and one that every
     * destination and loader file holds (DuckDB and PostgreSQL stop near the year 294000, Parquet's microseconds
     * earlier, and {@link Instant#MAX} is beyond all). A value outside fails the extract, naming where it is in the item,
     * instead of the load with a destination's error.
     */
    private static void requireLoadableYear(int year, Object value, ValuePath path) {
        if (year < 1 || year > 9999) {
            throw new UnsupportedValueException("the value at " + path + " (" + value + ") is outside the years 1 to "
                    + "9999 that dates and timestamps can be loaded in");
        }
    }

    private static void writeTemporal(JsonGenerator out, Object value, ValuePath path) {
        // JDBC's DATE and TIME values: java.util.Date subclasses whose toInstant() throws
        if (value instanceof java.sql.Date sqlDate) {
            out.writeString(DATE + sqlDate.toLocalDate().toString());
        }
        else if (value instanceof java.sql.Time sqlTime) {
            out.writeString(TIME + sqlTime.toLocalTime().toString());
        }
        else if (value instanceof LocalDate date) {
            requireLoadableYear(date.getYear(), value, path);
            out.writeString(DATE + date.toString());
        }
        else if (value instanceof LocalTime time) {
            out.writeString(TIME + time.toString());
        }
        else if (value instanceof OffsetTime time) {
            out.writeString(TIME + time.withOffsetSameInstant(ZoneOffset.UTC).toLocalTime().toString());
        }
        else {
            OffsetDateTime timestamp;
            try {
                timestamp = toTimestamp(value);
            }
            catch (java.time.DateTimeException ex) {
                // Instant.MAX and Instant.MIN have no date-time at UTC: Java's own range ends before theirs
                throw new UnsupportedValueException("the value at " + path + " (" + value + ") is outside the years 1 "
                        + "to 9999 that dates and timestamps can be loaded in", ex);
            }
            // the year in UTC, the zone timestamps are stored in
            requireLoadableYear(timestamp.getOffset().getTotalSeconds() == 0 ? timestamp.getYear()
                    : timestamp.withOffsetSameInstant(ZoneOffset.UTC).getYear(), value, path);
            out.writeString(TIMESTAMP + formatTimestamp(timestamp));
        }
    }

    /** Any supported point in time as an {@link OffsetDateTime}; a {@link LocalDateTime} is taken as UTC, as dlt does. */
    public static OffsetDateTime toTimestamp(Object value) {
        if (value instanceof OffsetDateTime odt) {
            return odt;
        }
        if (value instanceof Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof ZonedDateTime zdt) {
            return zdt.toOffsetDateTime();
        }
        if (value instanceof LocalDateTime ldt) {
            return ldt.atOffset(ZoneOffset.UTC);
        }
        if (value instanceof Date date) {
            return date.toInstant().atOffset(ZoneOffset.UTC);
        }
        throw new IllegalArgumentException("not a timestamp: " + value.getClass().getName());
    }

    public static String formatTimestamp(OffsetDateTime timestamp) {
        int year = timestamp.getYear();
        if (year < 0 || year > 9999 || timestamp.getOffset().getTotalSeconds() != 0) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(timestamp);
        }
        // the formatter's output for a UTC timestamp of a four-digit year, without its general machinery (a tenth of
        // writing a row of the benchmark): seconds always, the fraction without its trailing zeros, then Z
        char[] text = new char[30];
        int length = digits(text, 0, year, 4);
        text[length++] = '-';
        length = digits(text, length, timestamp.getMonthValue(), 2);
        text[length++] = '-';
        length = digits(text, length, timestamp.getDayOfMonth(), 2);
        text[length++] = 'T';
        length = digits(text, length, timestamp.getHour(), 2);
        text[length++] = ':';
        length = digits(text, length, timestamp.getMinute(), 2);
        text[length++] = ':';
        length = digits(text, length, timestamp.getSecond(), 2);
        int nano = timestamp.getNano();
        if (nano > 0) {
            text[length++] = '.';
            int fractionDigits = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                fractionDigits--;
            }
            length = digits(text, length, nano, fractionDigits);
        }
        text[length++] = 'Z';
        return new String(text, 0, length);
    }

    /** Writes {@code value} as {@code count} decimal digits, zero-padded, at {@code start}; returns the end. */
    private static int digits(char[] text, int start, int value, int count) {
        for (int i = start + count - 1; i >= start; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return start + count;
    }

    private static void writeSequence(JsonGenerator out, Iterator<?> items, ValuePath path, int depth,
            boolean plain) {
        out.writeStartArray();
        int index = 0;
        while (items.hasNext()) {
            Object item = items.next();
            write(out, item, path.index(index++, item), depth + 1, plain);
        }
        out.writeEndArray();
    }

    private static void writeRecord(JsonGenerator out, Record record, ValuePath path, int depth) {
        requireNoCycle(record, path);
        out.writeStartObject();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object componentValue;
            try {
                var accessor = component.getAccessor();
                accessor.setAccessible(true);
                componentValue = accessor.invoke(record);
            }
            catch (ReflectiveOperationException | RuntimeException ex) {
                throw new UnsupportedValueException("cannot read component '" + component.getName() + "' of record "
                        + record.getClass().getName() + " at " + path + ": " + brief(ex), ex);
            }
            out.writeName(component.getName());
            write(out, componentValue, path.key(component.getName(), componentValue), depth + 1, false);
        }
        out.writeEndObject();
    }

    /**
     * A bean, one level at a time: Jackson reads its properties, and what they hold comes back here, where depth and
     * cycles are checked before going deeper (see {@link BeanLevel}).
     */
    private static void writeBean(JsonGenerator out, Object bean, ValuePath path, int depth) {
        requireNoCycle(bean, path);
        JsonNode tree = readBean(bean, path);
        if (tree.isObject() && tree.isEmpty()) {
            throw new UnsupportedValueException("the value at " + path + " of type " + bean.getClass().getName()
                    + " has no readable properties and cannot be converted to JSON; yield a Map, a record,"
                    + " a bean with getters or a JsonNode");
        }
        writeNode(out, tree, path, depth, false);
    }

    private static JsonNode readBean(Object bean, ValuePath path) {
        try {
            return BeanLevel.of(bean);
        }
        catch (RuntimeException ex) {
            BeanLevel.PropertyReadFailure failure = causeOfType(ex, BeanLevel.PropertyReadFailure.class);
            if (failure != null) {
                Throwable thrown = failure.getCause() != null ? failure.getCause() : failure;
                throw new UnsupportedValueException("cannot read property '" + failure.property() + "' of "
                        + bean.getClass().getName() + " at " + path + ": " + brief(thrown), thrown);
            }
            throw new UnsupportedValueException("the value at " + path + " of type " + bean.getClass().getName()
                    + " cannot be converted to JSON: " + brief(ex), ex);
        }
    }

    private static void writeNode(JsonGenerator out, JsonNode node, ValuePath path, int depth,
            boolean plain) {
        if (node.isObject()) {
            out.writeStartObject();
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                JsonNode propertyValue = property.getValue();
                out.writeName(Utf16.validKey(property.getKey()));
                write(out, propertyValue, path.key(property.getKey(), propertyValue), depth + 1, plain);
            }
            out.writeEndObject();
        }
        else if (node.isArray()) {
            writeSequence(out, node.values().iterator(), path, depth, plain);
        }
        else if (node.isNull() || node.isMissingNode()) {
            out.writeNull();
        }
        else if (node.isBoolean()) {
            out.writeBoolean(node.booleanValue());
        }
        else if (node.isIntegralNumber()) {
            if (node.canConvertToLong()) {
                out.writeNumber(node.longValue());
            }
            else {
                out.writeNumber(node.bigIntegerValue());
            }
        }
        else if (node.isBigDecimal()) {
            out.writeString(DECIMAL + node.decimalValue().toPlainString());
        }
        else if (node.isNumber()) {
            write(out, node.doubleValue(), path, depth, plain);
        }
        else if (node.isBinary()) {
            out.writeString(BYTES + Base64.getEncoder().encodeToString(node.binaryValue()));
        }
        else if (node.isPojo()) {
            Object pojo = ((tools.jackson.databind.node.POJONode) node).getPojo();
            write(out, pojo, path.holding(pojo), depth, plain);
        }
        else {
            out.writeString(node.asString());
        }
    }

    // ------------------------------------------------------------------------------------------------ guards

    /**
     * Fails when a bean or record is already being written further up the path: a cycle. Beans and records only,
     * which are slow to write anyway; a cycle of maps and lists is found when it passes the depth limit.
     */
    private static void requireNoCycle(Object container, ValuePath path) {
        for (ValuePath ancestor = path.parent(); ancestor != null; ancestor = ancestor.parent()) {
            if (ancestor.value() == container) {
                throw cycle(path, ancestor, container);
            }
        }
    }

    private static UnsupportedValueException cycle(ValuePath path, ValuePath ancestor, Object value) {
        return new UnsupportedValueException("the value at " + path + " (" + value.getClass().getName()
                + ") is the same object as the one at " + ancestor + " that holds it: a cycle, which cannot be"
                + " written as JSON; leave the back reference out (@JsonIgnore) or yield a copy without it");
    }

    /**
     * The error for a value past the depth limit. Only here, off the hot path, is the path searched for a value met
     * twice, which names a cycle of maps, lists or JSON trees.
     */
    private static UnsupportedValueException tooDeep(ValuePath path, @org.jspecify.annotations.Nullable Object value) {
        List<ValuePath> fromRoot = new ArrayList<>();
        for (ValuePath step = path; step != null; step = step.parent()) {
            fromRoot.add(step);
        }
        java.util.Collections.reverse(fromRoot);
        Map<Object, ValuePath> seen = new IdentityHashMap<>();
        for (ValuePath step : fromRoot) {
            Object held = step.value();
            ValuePath first = held == null ? null : seen.putIfAbsent(held, step);
            if (first != null && held != null) {
                return cycle(step, first, held);
            }
        }
        // the value past the limit may be a leaf (a name, a JSON string node): the class worth naming is what holds it
        Object holder = path.parent() != null ? path.parent().value() : value;
        return new UnsupportedValueException("the value at " + path + " is nested deeper than " + Json.MAX_NESTING_DEPTH
                + " levels" + (holder == null ? "" : " (inside " + holder.getClass().getName() + ")")
                + ": data too deep to load (orjson's limit, and so dlt's)");
    }

    private static <T extends Throwable> @org.jspecify.annotations.Nullable T causeOfType(Throwable failure,
            Class<T> type) {
        int hops = 0;
        for (Throwable cause = failure; cause != null && hops < 32; cause = cause.getCause(), hops++) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /** A throwable in a line of at most 300 characters: a message of Jackson may carry a long reference chain. */
    private static String brief(Throwable failure) {
        return shorten(failure.toString(), 300);
    }

    private static String shorten(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int head = max / 3;
        return text.substring(0, head) + "..." + text.substring(text.length() - (max - head - 3));
    }

    // ------------------------------------------------------------------------------------------------ reading

    /**
     * Reads the value that starts at the parser's current token.
     */
    public static @org.jspecify.annotations.Nullable Object read(JsonParser in) {
        JsonToken token = in.currentToken();
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (in.nextToken() == JsonToken.PROPERTY_NAME) {
                    String key = in.currentName();
                    in.nextToken();
                    map.put(key, read(in));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (in.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(in));
                }
                return list;
            }
            case VALUE_STRING:
                return decodeString(in.getString());
            case VALUE_NUMBER_INT:
                return switch (in.getNumberType()) {
                    case INT, LONG -> in.getLongValue();
                    default -> in.getBigIntegerValue();
                };
            case VALUE_NUMBER_FLOAT:
                return in.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalStateException("unexpected JSON token " + token);
        }
    }

    private static Object decodeString(String s) {
        if (s.isEmpty()) {
            return s;
        }
        char marker = s.charAt(0);
        if (marker < PUA_START || marker > TIME) {
            return s;
        }
        String body = s.substring(1);
        try {
            return switch (marker) {
                case DECIMAL -> new BigDecimal(body);
                case TIMESTAMP -> OffsetDateTime.parse(body, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                case DATE -> LocalDate.parse(body);
                case BYTES -> Base64.getDecoder().decode(body);
                case TIME -> LocalTime.parse(body);
                default -> s;
            };
        }
        catch (RuntimeException notTyped) {
            // user text that happens to start with a private-use character: it stays text
            return s;
        }
    }

    /**
     * Where a value sits in the item ({@code $.user.tags[2]}) and the value itself, built as a chain of links while
     * writing: the values on the chain are what a cycle check compares, and the chain becomes text only for an error
     * message, shortened in the middle: most values are never named.
     */
    private record ValuePath(@org.jspecify.annotations.Nullable ValuePath parent,
            @org.jspecify.annotations.Nullable String name, int position,
            @org.jspecify.annotations.Nullable Object value) {

        private static final int MAX_TEXT = 200;

        static ValuePath root(@org.jspecify.annotations.Nullable Object item) {
            return new ValuePath(null, null, -1, item);
        }

        ValuePath key(String key, @org.jspecify.annotations.Nullable Object valueAtKey) {
            return new ValuePath(this, key, -1, valueAtKey);
        }

        ValuePath index(int index, @org.jspecify.annotations.Nullable Object valueAtIndex) {
            return new ValuePath(this, null, index, valueAtIndex);
        }

        /** The same place, holding what a wrapper (an optional, a JSON tree's POJO) wraps. */
        ValuePath holding(@org.jspecify.annotations.Nullable Object wrapped) {
            return new ValuePath(parent, name, position, wrapped);
        }

        @Override
        public String toString() {
            List<ValuePath> steps = new ArrayList<>();
            for (ValuePath step = this; step.parent != null; step = step.parent) {
                steps.add(step);
            }
            StringBuilder text = new StringBuilder("$");
            for (int i = steps.size() - 1; i >= 0; i--) {
                ValuePath step = steps.get(i);
                if (step.name != null) {
                    text.append('.').append(step.name);
                }
                else {
                    text.append('[').append(step.position).append(']');
                }
            }
            return shorten(text.toString(), MAX_TEXT);
        }
    }
}
