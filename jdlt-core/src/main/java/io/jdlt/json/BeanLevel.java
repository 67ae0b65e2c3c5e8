package io.jdlt.json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.BaseStream;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.BeanPropertyWriter;
import tools.jackson.databind.ser.ValueSerializerModifier;
import tools.jackson.databind.ser.impl.PropertySerializerMap;

/**
 * One level of a bean, as Jackson sees it: its properties (named, ordered, ignored, formatted as its annotations say),
 * where a value that holds other values (a bean, map, collection, array, record, optional or JSON tree) is left as
 * the object itself, in a {@link tools.jackson.databind.node.POJONode}, for {@link TypedJson} to write.
 * <p>
 * Jackson's own serialization of a bean recurses into what it refers to, with no guard against a cycle but the
 * thread's stack: a cyclic bean ends in a {@code StackOverflowError}, which can strike inside the static initializer of
 * a Jackson class and leave that class unusable for the rest of the JVM. Reading one level at a time leaves the
 * recursion to {@link TypedJson}, which checks depth and cycles before it goes deeper, so Jackson's stack stays as
 * shallow as one bean whatever the graph.
 */
final class BeanLevel {

    private static final JsonMapper MAPPER = Json.MAPPER.rebuild()
            .addModule(new SimpleModule("jdlt-bean-level").setSerializerModifier(new OneLevel()))
            .build();

    private BeanLevel() {
    }

    /**
     * The bean's properties, one level deep.
     *
     * @throws PropertyReadFailure when a getter throws (possibly wrapped by Jackson)
     */
    static JsonNode of(Object bean) {
        return MAPPER.valueToTree(bean);
    }

    /**
     * Whether a value may hold other values, so that writing it recurses: such a value is left to {@link TypedJson}.
     * Jackson writes the rest (strings, numbers, dates, enums, and the JDK's other value types) as before.
     */
    static boolean holdsOtherValues(Object value) {
        if (value instanceof Map<?, ?> || value instanceof Optional<?> || value instanceof JsonNode
                || value instanceof Record || value instanceof AtomicReference<?> || value instanceof Map.Entry<?, ?>
                || value instanceof Iterator<?> || value instanceof BaseStream<?, ?>) {
            return true;
        }
        if (value instanceof Iterable<?>) {
            // a Path is Iterable over its names, and Jackson writes it as text
            return !(value instanceof java.nio.file.Path);
        }
        Class<?> type = value.getClass();
        if (type.isArray()) {
            return !type.getComponentType().isPrimitive();
        }
        return !(value instanceof Enum<?>) && !type.getName().startsWith("java.");
    }

    /** A getter that threw: the property it reads, and what it threw. */
    static final class PropertyReadFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final String property;

        PropertyReadFailure(String property, Throwable cause) {
            super("cannot read property '" + property + "'", cause);
            this.property = property;
        }

        String property() {
            return property;
        }
    }

    /** Replaces every property writer of a bean by one that leaves values holding other values unwritten. */
    private static final class OneLevel extends ValueSerializerModifier {
        private static final long serialVersionUID = 1L;

        @Override
        public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription.Supplier beanDesc,
                List<BeanPropertyWriter> beanProperties) {
            List<BeanPropertyWriter> writers = new ArrayList<>(beanProperties.size());
            for (BeanPropertyWriter writer : beanProperties) {
                // an @JsonUnwrapped property writes its value's properties into this object: Jackson's own writer
                writers.add(writer.isUnwrapping() ? writer : new OneLevelWriter(writer));
            }
            return writers;
        }
    }

    /**
     * Jackson's property writer (nulls, inclusion, the serializer of the property's annotations), except that a value
     * holding other values is embedded as it is, and that the getter is called once and its failure named.
     */
    private static final class OneLevelWriter extends BeanPropertyWriter {
        private static final long serialVersionUID = 1L;

        /**
         * Whether the property names its own serializer ({@code @JsonSerialize(using = ...)}): it is used whatever
         * the value. Known before Jackson resolves the bean, which assigns serializers to statically typed properties
         * too.
         */
        private final boolean declaresSerializer;

        OneLevelWriter(BeanPropertyWriter base) {
            super(base);
            this.declaresSerializer = base.hasSerializer();
        }

        @Override
        public void serializeAsProperty(Object bean, JsonGenerator g, SerializationContext ctxt) throws Exception {
            Object value = read(bean);
            if (value == null) {
                if (_suppressableValue != null && ctxt.includeFilterSuppressNulls(_suppressableValue)) {
                    return;
                }
                if (_nullSerializer != null) {
                    g.writeName(_name);
                    _nullSerializer.serialize(null, g, ctxt);
                }
                return;
            }
            ValueSerializer<Object> serializer = serializerFor(value, ctxt);
            if (suppressed(value, serializer, ctxt)) {
                return;
            }
            g.writeName(_name);
            writeValue(value, serializer, g, ctxt);
        }

        @Override
        public void serializeAsElement(Object bean, JsonGenerator g, SerializationContext ctxt) throws Exception {
            Object value = read(bean);
            if (value == null) {
                if (_nullSerializer != null) {
                    _nullSerializer.serialize(null, g, ctxt);
                }
                else {
                    g.writeNull();
                }
                return;
            }
            ValueSerializer<Object> serializer = serializerFor(value, ctxt);
            if (suppressed(value, serializer, ctxt)) {
                serializeAsOmittedElement(bean, g, ctxt);
                return;
            }
            writeValue(value, serializer, g, ctxt);
        }

        private @Nullable Object read(Object bean) {
            try {
                return get(bean);
            }
            catch (Exception ex) {
                throw new PropertyReadFailure(getName(), ex);
            }
        }

        private ValueSerializer<Object> serializerFor(Object value, SerializationContext ctxt) {
            if (_serializer != null) {
                return _serializer;
            }
            PropertySerializerMap known = _dynamicSerializers;
            ValueSerializer<Object> serializer = known.serializerFor(value.getClass());
            return serializer != null ? serializer : _findAndAddDynamic(known, value.getClass(), ctxt);
        }

        private boolean suppressed(Object value, ValueSerializer<Object> serializer, SerializationContext ctxt) {
            if (_suppressableValue == null) {
                return false;
            }
            return MARKER_FOR_EMPTY == _suppressableValue ? serializer.isEmpty(ctxt, value)
                    : _suppressableValue.equals(value);
        }

        private void writeValue(Object value, ValueSerializer<Object> serializer, JsonGenerator g,
                SerializationContext ctxt) {
            if (!declaresSerializer && holdsOtherValues(value)) {
                // the tree keeps the object; TypedJson writes it, checking depth and cycles first
                g.writeEmbeddedObject(value);
            }
            else if (_typeSerializer == null) {
                serializer.serialize(value, g, ctxt);
            }
            else {
                serializer.serializeWithType(value, g, ctxt, _typeSerializer);
            }
        }
    }
}
