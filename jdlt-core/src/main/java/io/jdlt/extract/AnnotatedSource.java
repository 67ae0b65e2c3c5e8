package io.jdlt.extract;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.jdlt.config.ConfigField;
import io.jdlt.config.ConfigValue;
import io.jdlt.config.ResolvedValue;
import io.jdlt.config.Secret;
import io.jdlt.schema.MergeStrategy;
import io.jdlt.schema.SnakeCaseNaming;
import io.jdlt.schema.WriteDisposition;
import org.jspecify.annotations.Nullable;

/** Builds a {@link Source} from an instance of a {@link JdltSource} class. */
public final class AnnotatedSource {

    private AnnotatedSource() {
    }

    /**
     * The name of the source a {@code @JdltSource} class describes: the annotation's value, else the class's simple
     * name in snake case. One rule, for plain Java and the Spring starter alike.
     */
    public static String sourceName(Class<?> type, JdltSource annotation) {
        return annotation.value().isBlank() ? new SnakeCaseNaming().normalizeIdentifier(type.getSimpleName())
                : annotation.value();
    }

    public static Source of(Object instance) {
        Class<?> type = instance.getClass();
        JdltSource annotation = type.getAnnotation(JdltSource.class);
        if (annotation == null) {
            throw new IllegalArgumentException(type.getName() + " is not annotated with @JdltSource");
        }
        String name = sourceName(type, annotation);
        List<Resource> resources = new ArrayList<>();
        Map<String, ConfigField> configFields = new LinkedHashMap<>();
        List<Method> methods = new ArrayList<>(Arrays.asList(type.getDeclaredMethods()));
        // declaration order is not guaranteed by reflection; the name order is stable
        methods.sort(Comparator.comparing(Method::getName));
        for (Method method : methods) {
            JdltResource resource = method.getAnnotation(JdltResource.class);
            if (resource != null) {
                resources.add(resource(instance, method, resource, configFields));
            }
        }
        if (resources.isEmpty()) {
            throw new IllegalArgumentException(type.getName() + " has no @JdltResource method");
        }
        addTransformers(instance, methods, resources, configFields);
        Source source = Source.of(name, resources).config(configFields.values().toArray(ConfigField[]::new));
        if (!annotation.section().isBlank()) {
            source = source.section(annotation.section());
        }
        return annotation.maxTableNesting() >= 0 ? source.maxTableNesting(annotation.maxTableNesting()) : source;
    }

    private static Resource resource(Object instance, Method method, JdltResource annotation,
            Map<String, ConfigField> configFields) {
        String name = annotation.name().isBlank() ? method.getName() : annotation.name();
        method.setAccessible(true);
        Resource.Builder builder = Resource.builder(name).writeDisposition(disposition(name, annotation));
        if (!annotation.tableName().isBlank()) {
            builder.tableName(annotation.tableName());
        }
        if (annotation.primaryKey().length > 0) {
            builder.primaryKey(annotation.primaryKey());
        }
        if (annotation.mergeKey().length > 0) {
            builder.mergeKey(annotation.mergeKey());
        }
        if (!annotation.hardDelete().isBlank()) {
            builder.hardDelete(annotation.hardDelete());
        }
        if (annotation.maxTableNesting() >= 0) {
            builder.maxTableNesting(annotation.maxTableNesting());
        }
        builder.checkpointEvery(annotation.checkpointEvery());
        Parameter[] parameters = method.getParameters();
        boolean emits = false;
        String[] configKeys = new String[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Parameter parameter = parameters[i];
            configKeys[i] = declareConfigParameter("resource", name, parameter, configFields);
            if (configKeys[i] != null) {
                continue;
            }
            if (parameter.getType() == Incremental.class) {
                IncrementalCursor cursor = parameter.getAnnotation(IncrementalCursor.class);
                if (cursor == null) {
                    throw new IllegalArgumentException("resource '" + name + "': its Incremental parameter needs "
                            + "@IncrementalCursor(\"field\")");
                }
                builder.incremental(incremental(cursor));
            }
            else if (parameter.getType() == Emitter.class) {
                emits = true;
            }
            else if (parameter.getType() != ResourceContext.class) {
                throw new IllegalArgumentException("resource '" + name + "': parameter '" + parameter.getName()
                        + "' of type " + parameter.getType().getSimpleName() + " cannot be supplied; a resource method "
                        + "takes an Incremental, a ResourceContext, an Emitter, and values marked @Secret or "
                        + "@ConfigValue");
            }
        }
        boolean returnsNothing = method.getReturnType() == void.class;
        if (returnsNothing && !emits) {
            throw new IllegalArgumentException("resource '" + name + "': a void resource method needs an Emitter "
                    + "parameter");
        }
        return builder.emitter((ctx, out) -> {
            Object[] arguments = new Object[parameters.length];
            for (int i = 0; i < parameters.length; i++) {
                Class<?> parameterType = parameters[i].getType();
                arguments[i] = configKeys[i] != null ? ctx.configValue(configKeys[i], parameterType)
                        : parameterType == Incremental.class ? ctx.incremental()
                        : parameterType == Emitter.class ? out : ctx;
            }
            invokeAndEmit(instance, method, arguments, out);
        }).build();
    }

    /**
     * The config key a parameter marked {@link Secret} or {@link ConfigValue} asks for, declared on the source, or
     * null for any other parameter. Two methods may ask for one key, the same way.
     */
    private static @Nullable String declareConfigParameter(String kind, String name, Parameter parameter,
            Map<String, ConfigField> configFields) {
        ConfigField field = configField(name, parameter);
        if (field == null) {
            return null;
        }
        ConfigField declared = configFields.putIfAbsent(field.name(), field);
        if (declared != null && !declared.equals(field)) {
            throw new IllegalArgumentException(kind + " '" + name + "': parameter '" + parameter.getName()
                    + "' declares config key '" + field.name() + "' differently from another resource method");
        }
        return field.name();
    }

    /** Calls the method and emits what it returns; the method's own exception propagates, not the reflection's. */
    private static void invokeAndEmit(Object instance, Method method, Object[] arguments, Emitter out)
            throws Exception {
        Object result;
        try {
            result = method.invoke(instance, arguments);
        }
        catch (InvocationTargetException ex) {
            throw ex.getCause() instanceof Exception cause ? cause : ex;
        }
        Resource.emitSupplied(result, out);
    }

    /**
     * Transformers in the order their parents allow: one fed by another transformer comes after it, whatever the
     * method names say.
     */
    private static void addTransformers(Object instance, List<Method> methods, List<Resource> resources,
            Map<String, ConfigField> configFields) {
        List<Method> pending = new ArrayList<>(methods.stream()
                .filter(method -> method.isAnnotationPresent(JdltTransformer.class)).toList());
        while (!pending.isEmpty()) {
            boolean added = false;
            for (java.util.Iterator<Method> it = pending.iterator(); it.hasNext();) {
                Method method = it.next();
                JdltTransformer annotation = method.getAnnotation(JdltTransformer.class);
                Resource parent = resources.stream().filter(r -> r.name().equals(annotation.dataFrom())).findFirst()
                        .orElse(null);
                if (parent != null) {
                    resources.add(transformer(instance, method, annotation, configFields).dataFrom(parent));
                    it.remove();
                    added = true;
                }
            }
            if (!added) {
                Method method = pending.get(0);
                throw new IllegalArgumentException("transformer '" + method.getName() + "': dataFrom = \""
                        + method.getAnnotation(JdltTransformer.class).dataFrom() + "\" names no @JdltResource or "
                        + "@JdltTransformer of " + instance.getClass().getName());
            }
        }
    }

    private static Resource transformer(Object instance, Method method, JdltTransformer annotation,
            Map<String, ConfigField> configFields) {
        String name = annotation.name().isBlank() ? method.getName() : annotation.name();
        method.setAccessible(true);
        Parameter[] parameters = method.getParameters();
        String[] configKeys = new String[parameters.length];
        int itemParameter = -1;
        for (int i = 0; i < parameters.length; i++) {
            configKeys[i] = declareConfigParameter("transformer", name, parameters[i], configFields);
            if (configKeys[i] == null && parameters[i].getType() != ResourceContext.class
                    && parameters[i].getType() != Emitter.class) {
                if (itemParameter >= 0) {
                    throw new IllegalArgumentException("transformer '" + name + "': only one parameter takes the "
                            + "parent's item; '" + parameters[i].getName() + "' is a second one");
                }
                itemParameter = i;
            }
        }
        if (itemParameter < 0) {
            throw new IllegalArgumentException("transformer '" + name + "': a parameter must take the parent's item "
                    + "or page");
        }
        int item = itemParameter;
        Resource transformer = Resource.transformer(name, (itemOrPage, ctx, out) -> {
            Object[] arguments = new Object[parameters.length];
            for (int i = 0; i < parameters.length; i++) {
                Class<?> parameterType = parameters[i].getType();
                arguments[i] = i == item ? itemOrPage : configKeys[i] != null
                        ? ctx.configValue(configKeys[i], parameterType)
                        : parameterType == Emitter.class ? out : ctx;
            }
            if (!parameters[item].getType().isInstance(itemOrPage)) {
                throw new IllegalArgumentException("transformer '" + name + "' takes a "
                        + parameters[item].getType().getSimpleName() + " but its parent emitted a "
                        + itemOrPage.getClass().getSimpleName());
            }
            invokeAndEmit(instance, method, arguments, out);
        }).writeDisposition(WriteDisposition.fromDltName(annotation.writeDisposition()));
        if (!annotation.tableName().isBlank()) {
            transformer = transformer.tableName(annotation.tableName());
        }
        if (annotation.primaryKey().length > 0) {
            transformer = transformer.primaryKey(annotation.primaryKey());
        }
        return annotation.parallelized() ? transformer.parallelized() : transformer;
    }

    /** The config value a parameter marked {@link Secret} or {@link ConfigValue} asks for, or null. */
    private static @Nullable ConfigField configField(String resource, Parameter parameter) {
        Secret secret = parameter.getAnnotation(Secret.class);
        ConfigValue value = parameter.getAnnotation(ConfigValue.class);
        if (secret == null && value == null) {
            return null;
        }
        if (secret != null && value != null) {
            throw new IllegalArgumentException("resource '" + resource + "': parameter '" + parameter.getName()
                    + "' is marked both @Secret and @ConfigValue; a secret is a config value that is masked");
        }
        String key = secret != null ? secret.value() : value.value();
        if (key.isBlank()) {
            if (!parameter.isNamePresent()) {
                throw new IllegalArgumentException("resource '" + resource + "': name the config key of parameter "
                        + parameter.getName() + ", e.g. @Secret(\"token\"), or compile with -parameters");
            }
            key = new SnakeCaseNaming().normalizeIdentifier(parameter.getName());
        }
        if (!ResolvedValue.supports(parameter.getType())) {
            throw new IllegalArgumentException("resource '" + resource + "': parameter '" + parameter.getName()
                    + "' of type " + parameter.getType().getSimpleName() + " cannot come from configuration; use "
                    + "String, int, long, double, boolean, Path or Duration");
        }
        if (secret != null) {
            return ConfigField.secret(key).withType(parameter.getType());
        }
        ConfigField field = ConfigField.value(key).withType(parameter.getType());
        return value.defaultValue().isEmpty() ? field : field.withDefault(value.defaultValue());
    }

    private static WriteDisposition disposition(String resource, JdltResource annotation) {
        WriteDisposition disposition = WriteDisposition.fromDltName(annotation.writeDisposition());
        if (!annotation.mergeStrategy().isBlank()) {
            if (!disposition.isMerge()) {
                throw new IllegalArgumentException("resource '" + resource + "': mergeStrategy needs "
                        + "writeDisposition = \"merge\"");
            }
            disposition = WriteDisposition.merge(MergeStrategy.fromDltName(annotation.mergeStrategy()));
        }
        return disposition;
    }

    private static Incremental<Object> incremental(IncrementalCursor cursor) {
        Incremental<Object> incremental = Incremental.on(cursor.value());
        if (!cursor.initialValue().isEmpty()) {
            incremental = incremental.initialValue(literal(cursor.initialValue()));
        }
        if (!cursor.endValue().isEmpty()) {
            incremental = incremental.endValue(literal(cursor.endValue()));
        }
        switch (cursor.lastValueFunc().strip().toLowerCase(Locale.ROOT)) {
            case "max" -> incremental = incremental.lastValueFunc(Incremental.LastValueFunction.MAX);
            case "min" -> incremental = incremental.lastValueFunc(Incremental.LastValueFunction.MIN);
            default -> throw new IllegalArgumentException("@IncrementalCursor(\"" + cursor.value() + "\"): lastValueFunc "
                    + "must be max or min, was '" + cursor.lastValueFunc() + "'");
        }
        if (cursor.noDeduplication()) {
            incremental = incremental.primaryKey();
        }
        else if (cursor.primaryKey().length > 0) {
            incremental = incremental.primaryKey(cursor.primaryKey());
        }
        if (!cursor.rowOrder().isBlank()) {
            incremental = incremental.rowOrder(Incremental.RowOrder.valueOf(cursor.rowOrder().strip().toUpperCase(Locale.ROOT)));
        }
        if (cursor.lag() > 0) {
            incremental = incremental.lag(cursor.lag());
        }
        return incremental.onCursorValueMissing(cursor.onCursorValueMissing()).rangeStart(cursor.rangeStart())
                .rangeEnd(cursor.rangeEnd()).maxBoundaryHashes(cursor.maxBoundaryHashes());
    }

    /** An annotation's literal: a whole number, a decimal number, or text (ISO dates and timestamps compare as such). */
    private static Object literal(String text) {
        String value = text.strip();
        try {
            return Long.parseLong(value);
        }
        catch (NumberFormatException notALong) {
            try {
                return new java.math.BigDecimal(value);
            }
            catch (NumberFormatException notANumber) {
                return text;
            }
        }
    }
}
