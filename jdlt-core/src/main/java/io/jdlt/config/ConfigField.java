package io.jdlt.config;

import org.jspecify.annotations.Nullable;

/**
 * A value a source needs from configuration: dlt's {@code dlt.secrets.value} ({@link #secret}) and
 * {@code dlt.config.value} ({@link #value}). Declared on a {@code Source}, it is resolved from the source's sections
 * before anything is extracted, and a missing one stops the run with every key that was tried.
 *
 * @param name the key within the source's section, e.g. {@code token}
 * @param secret whether it must come from a provider that holds secrets, and is masked when shown
 * @param defaultValue used when no provider has the value; null makes the value required
 * @param type what the value must convert to ({@link ResolvedValue#as}); checked before extraction
 */
public record ConfigField(String name, boolean secret, @Nullable Object defaultValue, Class<?> type) {

    public ConfigField {
        if (name.isBlank() || name.startsWith(".") || name.endsWith(".")) {
            throw new IllegalArgumentException("config field name must be a key such as 'token', was '" + name + "'");
        }
        if (!ResolvedValue.supports(type)) {
            throw new IllegalArgumentException("config field '" + name + "' cannot be read as " + type.getName()
                    + "; use String, int, long, double, boolean, Path or Duration");
        }
    }

    /** A required secret: dlt's {@code dlt.secrets.value}. */
    public static ConfigField secret(String name) {
        return new ConfigField(name, true, null, String.class);
    }

    /** A required value: dlt's {@code dlt.config.value}. */
    public static ConfigField value(String name) {
        return new ConfigField(name, false, null, String.class);
    }

    /** The same field with a default, used when no provider has it. */
    public ConfigField withDefault(Object value) {
        return new ConfigField(name, secret, value, type);
    }

    /** The same field read as another type, e.g. {@code int.class}: a value that does not convert fails the run early. */
    public ConfigField withType(Class<?> valueType) {
        return new ConfigField(name, secret, defaultValue, valueType);
    }

    public boolean required() {
        return defaultValue == null;
    }
}
