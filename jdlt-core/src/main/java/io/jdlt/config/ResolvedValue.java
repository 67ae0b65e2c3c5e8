package io.jdlt.config;

import java.util.Locale;

import io.jdlt.common.TerminalException;

/**
 * A value found for a {@link Lookup}, with where it came from; {@link #toString()} masks it when it is a secret, so
 * that it can be logged.
 *
 * @param name the value's most specific name, e.g. {@code sources.github.token}
 * @param value as the provider holds it: text from environment variables, typed from TOML
 * @param provider the provider's name, e.g. {@code environment variables}
 * @param providerKey the key as the provider names it, e.g. {@code SOURCES__GITHUB__TOKEN}
 * @param secret whether the value is masked when shown
 */
public record ResolvedValue(String name, Object value, String provider, String providerKey, boolean secret) {

    public String asString() {
        return value.toString();
    }

    public int asInt() {
        long number = asLong();
        if (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE) {
            throw invalid("a whole number up to " + Integer.MAX_VALUE);
        }
        return (int) number;
    }

    public long asLong() {
        if (value instanceof Number number && number.doubleValue() == number.longValue()) {
            return number.longValue();
        }
        try {
            return Long.parseLong(value.toString().strip());
        }
        catch (NumberFormatException ex) {
            throw invalid("a whole number");
        }
    }

    public double asDouble() {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString().strip());
        }
        catch (NumberFormatException ex) {
            throw invalid("a number");
        }
    }

    /** {@code true}/{@code false} in any case, as TOML, YAML and environment variables write them. */
    public boolean asBoolean() {
        if (value instanceof Boolean bool) {
            return bool;
        }
        return switch (value.toString().strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw invalid("true or false");
        };
    }

    /** Whether {@link #as} converts to the type. */
    public static boolean supports(Class<?> type) {
        return java.util.List.of(String.class, Object.class, int.class, Integer.class, long.class, Long.class,
                double.class, Double.class, boolean.class, Boolean.class, java.nio.file.Path.class,
                java.time.Duration.class).contains(type);
    }

    /** The value as the given type: text, a number, a boolean, a path, or a duration in (fractional) seconds. */
    public Object as(Class<?> type) {
        if (type == String.class || type == Object.class) {
            return asString();
        }
        if (type == int.class || type == Integer.class) {
            return asInt();
        }
        if (type == long.class || type == Long.class) {
            return asLong();
        }
        if (type == double.class || type == Double.class) {
            return asDouble();
        }
        if (type == boolean.class || type == Boolean.class) {
            return asBoolean();
        }
        if (type == java.nio.file.Path.class) {
            return java.nio.file.Path.of(asString());
        }
        if (type == java.time.Duration.class) {
            return java.time.Duration.ofMillis(Math.round(asDouble() * 1000));
        }
        throw new IllegalArgumentException(name + ": configuration values cannot be read as " + type.getName()
                + "; use String, int, long, double, boolean, Path or Duration");
    }

    /** The value as shown in logs, errors and Actuator: {@code ***} for a secret. */
    public String shown() {
        return secret || Secrets.isSecretKey(name) ? Secrets.MASK : value.toString();
    }

    private TerminalException invalid(String expected) {
        return new TerminalException(name + " must be " + expected + ", was '" + shown() + "' (from " + provider + ": "
                + providerKey + ")");
    }

    @Override
    public String toString() {
        return name + " = " + shown() + " (from " + provider + ": " + providerKey + ")";
    }
}
