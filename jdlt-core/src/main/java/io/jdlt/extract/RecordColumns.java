package io.jdlt.extract;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.jdlt.schema.DataType;
import org.jspecify.annotations.Nullable;

/**
 * The columns a Java record or bean class gives, the way dlt takes them from a Pydantic model: java.time types
 * become timestamps, dates and times, BigDecimal decimal, byte[] binary, enums text; nested records are flattened
 * like dicts and lists become nested tables. Primitive fields are not nullable.
 */
final class RecordColumns {

    private static final int MAX_DEPTH = 32;

    private RecordColumns() {
    }

    static List<DeclaredColumn> of(Class<?> type) {
        List<DeclaredColumn> columns = new ArrayList<>();
        walk(type, List.of(), "", columns, 0);
        return columns;
    }

    private static void walk(Class<?> type, List<String> nestedPath, String prefix, List<DeclaredColumn> out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException(type.getName() + " nests deeper than " + MAX_DEPTH + " levels");
        }
        for (Property property : properties(type)) {
            String name = prefix.isEmpty() ? property.name() : prefix + "__" + property.name();
            Class<?> raw = property.type();
            DataType scalar = scalarType(raw);
            if (scalar != null) {
                out.add(new DeclaredColumn(nestedPath, name, ColumnSpec.of(scalar).nullable(!raw.isPrimitive())));
            }
            else if (Collection.class.isAssignableFrom(raw) || (raw.isArray() && raw != byte[].class)) {
                Class<?> element = elementType(property);
                List<String> childPath = new ArrayList<>(nestedPath);
                childPath.add(name);
                DataType elementScalar = element == null ? null : scalarType(element);
                if (elementScalar != null) {
                    out.add(new DeclaredColumn(childPath, "value", ColumnSpec.of(elementScalar)));
                }
                else if (element != null && isStructured(element)) {
                    walk(element, childPath, "", out, depth + 1);
                }
            }
            else if (isStructured(raw)) {
                walk(raw, nestedPath, name, out, depth + 1);
            }
            else {
                out.add(new DeclaredColumn(nestedPath, name, ColumnSpec.of(DataType.JSON)));
            }
        }
    }

    private record Property(String name, Class<?> type, Type genericType) {
    }

    private static List<Property> properties(Class<?> type) {
        List<Property> properties = new ArrayList<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                properties.add(new Property(component.getName(), component.getType(), component.getGenericType()));
            }
            return properties;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
                    properties.add(new Property(field.getName(), field.getType(), field.getGenericType()));
                }
            }
        }
        return properties;
    }

    private static @Nullable Class<?> elementType(Property property) {
        if (property.type().isArray()) {
            return property.type().getComponentType();
        }
        if (property.genericType() instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element;
        }
        return null;
    }

    private static boolean isStructured(Class<?> type) {
        return type.isRecord() || (!type.isInterface() && !type.isEnum() && !type.getName().startsWith("java.")
                && !Map.class.isAssignableFrom(type));
    }

    private static @Nullable DataType scalarType(Class<?> type) {
        if (type == String.class || type == char.class || type == Character.class || type.isEnum() || type == UUID.class) {
            return DataType.TEXT;
        }
        if (type == long.class || type == int.class || type == short.class || type == byte.class || type == Long.class
                || type == Integer.class || type == Short.class || type == Byte.class) {
            return DataType.BIGINT;
        }
        if (type == BigInteger.class) {
            return DataType.WEI;
        }
        if (type == double.class || type == float.class || type == Double.class || type == Float.class) {
            return DataType.DOUBLE;
        }
        if (type == boolean.class || type == Boolean.class) {
            return DataType.BOOL;
        }
        if (type == BigDecimal.class) {
            return DataType.DECIMAL;
        }
        if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class
                || type == LocalDateTime.class || type == Date.class || type == java.sql.Timestamp.class) {
            return DataType.TIMESTAMP;
        }
        if (type == LocalDate.class || type == java.sql.Date.class) {
            return DataType.DATE;
        }
        if (type == LocalTime.class || type == java.sql.Time.class) {
            return DataType.TIME;
        }
        if (type == byte[].class) {
            return DataType.BINARY;
        }
        return null;
    }
}
