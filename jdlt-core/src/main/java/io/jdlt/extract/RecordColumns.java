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
import java.util.Optional;
import java.util.UUID;

import io.jdlt.schema.DataType;
import org.jspecify.annotations.Nullable;

/**
 * The columns a Java record or bean class gives, the way dlt takes them from a Pydantic model: java.time types
 * become timestamps, dates and times, BigDecimal decimal, byte[] binary, enums text; nested records are flattened
 * like dicts and lists become nested tables. Primitive fields are not nullable (unless an enclosing record may be
 * null); {@code Optional<T>} is a nullable T; properties of other types ({@code Object}, interfaces) are left to the
 * data.
 */
final class RecordColumns {

    private static final int MAX_DEPTH = 32;

    private RecordColumns() {
    }

    static List<DeclaredColumn> of(Class<?> type) {
        List<DeclaredColumn> columns = new ArrayList<>();
        walk(type, List.of(), "", false, columns, 0);
        return columns;
    }

    /**
     * @param nullableParent whether an enclosing property may be null: then every column flattened out of it may be
     *         null too, primitive or not
     */
    private static void walk(Class<?> type, List<String> nestedPath, String prefix, boolean nullableParent,
            List<DeclaredColumn> out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException(type.getName() + " nests deeper than " + MAX_DEPTH + " levels");
        }
        for (Property property : properties(type)) {
            String name = prefix.isEmpty() ? property.name() : prefix + "__" + property.name();
            Class<?> raw = property.type();
            Type generic = property.genericType();
            if (raw == Optional.class) {
                // Optional<T> is a T that may be missing
                Class<?> inner = typeArgument(generic);
                if (inner == null) {
                    continue;
                }
                raw = inner;
                generic = inner;
            }
            boolean nullable = nullableParent || !raw.isPrimitive();
            DataType scalar = scalarType(raw);
            if (scalar != null) {
                out.add(new DeclaredColumn(nestedPath, name, ColumnSpec.of(scalar).nullable(nullable)));
            }
            else if (Collection.class.isAssignableFrom(raw) || (raw.isArray() && raw != byte[].class)) {
                Class<?> element = raw.isArray() ? raw.getComponentType() : typeArgument(generic);
                List<String> childPath = new ArrayList<>(nestedPath);
                childPath.add(name);
                DataType elementScalar = element == null ? null : scalarType(element);
                if (elementScalar != null) {
                    out.add(new DeclaredColumn(childPath, "value", ColumnSpec.of(elementScalar)));
                }
                else if (element != null && isStructured(element)) {
                    walk(element, childPath, "", false, out, depth + 1);
                }
            }
            else if (Map.class.isAssignableFrom(raw)) {
                out.add(new DeclaredColumn(nestedPath, name, ColumnSpec.of(DataType.JSON)));
            }
            else if (isStructured(raw)) {
                walk(raw, nestedPath, name, nullable, out, depth + 1);
            }
            // Object, interfaces, type variables: the data decides the column
        }
    }

    private record Property(String name, Class<?> type, Type genericType) {
    }

    /** A record's components, or a bean's properties as Jackson serializes them: getters, then public fields. */
    private static List<Property> properties(Class<?> type) {
        List<Property> properties = new ArrayList<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                properties.add(new Property(component.getName(), component.getType(), component.getGenericType()));
            }
            return properties;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (java.lang.reflect.Method method : type.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 0
                    || method.getDeclaringClass() == Object.class || method.getReturnType() == void.class) {
                continue;
            }
            String name = method.getName();
            String property = null;
            if (name.startsWith("get") && name.length() > 3) {
                property = name.substring(3);
            }
            else if (name.startsWith("is") && name.length() > 2
                    && (method.getReturnType() == boolean.class || method.getReturnType() == Boolean.class)) {
                property = name.substring(2);
            }
            if (property != null) {
                property = decapitalize(property);
                if (seen.add(property)) {
                    properties.add(new Property(property, method.getReturnType(), method.getGenericReturnType()));
                }
            }
        }
        for (Field field : type.getFields()) {
            if (!Modifier.isStatic(field.getModifiers()) && seen.add(field.getName())) {
                properties.add(new Property(field.getName(), field.getType(), field.getGenericType()));
            }
        }
        properties.sort(java.util.Comparator.comparing(Property::name));
        return properties;
    }

    /** The JavaBeans rule Jackson follows: {@code Name} → {@code name}, but {@code URL} stays {@code URL}. */
    private static String decapitalize(String name) {
        if (name.length() > 1 && Character.isUpperCase(name.charAt(0)) && Character.isUpperCase(name.charAt(1))) {
            return name;
        }
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static @Nullable Class<?> typeArgument(Type generic) {
        if (generic instanceof ParameterizedType parameterized
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
        if (type == LocalTime.class || type == java.sql.Time.class || type == java.time.OffsetTime.class) {
            return DataType.TIME;
        }
        if (type == byte[].class) {
            return DataType.BINARY;
        }
        return null;
    }
}
