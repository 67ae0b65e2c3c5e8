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
 */
public record ConfigField(String name, boolean secret, @Nullable Object defaultValue) {

    public ConfigField {
        if (name.isBlank() || name.startsWith(".") || name.endsWith(".")) {
            throw new IllegalArgumentException("config field name must be a key such as 'token', was '" + name + "'");
        }
    }

    /** A required secret: dlt's {@code dlt.secrets.value}. */
    public static ConfigField secret(String name) {
        return new ConfigField(name, true, null);
    }

    /** A required value: dlt's {@code dlt.config.value}. */
    public static ConfigField value(String name) {
        return new ConfigField(name, false, null);
    }

    /** The same field with a default, used when no provider has it. */
    public ConfigField withDefault(Object value) {
        return new ConfigField(name, secret, value);
    }

    public boolean required() {
        return defaultValue == null;
    }
}
