package io.jdlt.extract;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jdlt.json.Json;
import io.jdlt.json.TypedJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads a value from a raw item by a cursor path: a field name, a dotted path {@code user.updated_at}, or a simple
 * JSONPath {@code $.items[0].ts}. Items may be maps, records, beans or Jackson trees.
 */
final class ItemPaths {

    /** What a lookup found: nothing at the path, or a value (which may be null). */
    record Lookup(boolean found, @Nullable Object value) {
        static final Lookup MISSING = new Lookup(false, null);
    }

    private static final Pattern SEGMENT = Pattern.compile("\\[(\\d+)]|\\['([^']*)']|([^.\\[\\]]+)");

    private ItemPaths() {
    }

    static List<Object> parse(String path) {
        String body = path.startsWith("$.") ? path.substring(2) : path.startsWith("$") ? path.substring(1) : path;
        List<Object> segments = new ArrayList<>();
        Matcher m = SEGMENT.matcher(body);
        while (m.find()) {
            if (m.group(1) != null) {
                segments.add(Integer.parseInt(m.group(1)));
            }
            else {
                segments.add(m.group(2) != null ? m.group(2) : m.group(3));
            }
        }
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("cursor path '" + path + "' names no field");
        }
        return segments;
    }

    static Lookup find(Object item, List<Object> path) {
        Object current = item;
        for (Object segment : path) {
            Lookup next = step(current, segment);
            if (!next.found()) {
                return Lookup.MISSING;
            }
            current = next.value();
            if (current == null) {
                return new Lookup(true, null);
            }
        }
        return new Lookup(true, plain(current));
    }

    private static Lookup step(Object current, Object segment) {
        if ("*".equals(segment)) {
            // JSONPath's wildcard: dlt takes the first match
            segment = 0;
        }
        if (segment instanceof Integer index) {
            if (current instanceof List<?> list) {
                return index < list.size() ? new Lookup(true, list.get(index)) : Lookup.MISSING;
            }
            if (current instanceof JsonNode node && node.isArray()) {
                return index < node.size() ? new Lookup(true, node.get(index)) : Lookup.MISSING;
            }
            return Lookup.MISSING;
        }
        String key = (String) segment;
        if (current instanceof Map<?, ?> map) {
            return map.containsKey(key) ? new Lookup(true, map.get(key)) : Lookup.MISSING;
        }
        if (current instanceof JsonNode node) {
            JsonNode child = node.isObject() ? node.get(key) : null;
            return child == null ? Lookup.MISSING : new Lookup(true, child.isNull() ? null : child);
        }
        if (current instanceof Iterable<?> || current.getClass().isArray() || current instanceof CharSequence
                || current instanceof java.time.temporal.Temporal || current instanceof java.util.Date) {
            return Lookup.MISSING;
        }
        if (current instanceof Record record) {
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                if (component.getName().equals(key)) {
                    try {
                        component.getAccessor().setAccessible(true);
                        return new Lookup(true, component.getAccessor().invoke(record));
                    }
                    catch (ReflectiveOperationException ex) {
                        throw new IllegalStateException("cannot read " + key + " of " + record.getClass().getName(), ex);
                    }
                }
            }
            return Lookup.MISSING;
        }
        if (current instanceof String || current instanceof Number || current instanceof Boolean) {
            return Lookup.MISSING;
        }
        // a bean: its properties as Jackson sees them, one level only, so that a cyclic bean cannot send Jackson
        // round until the stack overflows
        Map<?, ?> properties;
        try {
            properties = TypedJson.beanProperties(current);
        }
        catch (RuntimeException notAnObject) {
            return Lookup.MISSING;
        }
        return properties.containsKey(key) ? new Lookup(true, properties.get(key)) : Lookup.MISSING;
    }

    /** Jackson leaves become plain Java values, so that cursor values compare and store alike. */
    private static Object plain(Object value) {
        if (value instanceof JsonNode node) {
            if (node.isIntegralNumber()) {
                return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
            }
            if (node.isNumber()) {
                return node.isBigDecimal() ? node.decimalValue() : (Object) node.doubleValue();
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isString()) {
                return node.stringValue();
            }
            return Json.MAPPER.convertValue(node, Object.class);
        }
        // JDBC's date and time values compare as what they are
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        if (value instanceof java.sql.Time time) {
            return time.toLocalTime();
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        return value;
    }
}
