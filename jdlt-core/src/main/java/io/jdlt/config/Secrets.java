package io.jdlt.config;

import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/** Which configuration keys hold secrets, and how a secret is shown. */
public final class Secrets {

    /** What is shown instead of a secret. */
    public static final String MASK = "******";

    private static final Pattern SECRET_NAME = Pattern.compile(
            "(^|[._-])(password|passwd|pwd|secret|token|api[_-]?key|private[_-]?key|secret[_-]?key"
                    + "|client[_-]?secret|aws_secret_access_key|aws_session_token|credentials)($|[._-])");

    private Secrets() {
    }

    /**
     * Whether a key names a secret by dlt's conventions ({@code password}, {@code token}, {@code api_key},
     * {@code credentials} as a connection string, …), for values that are not declared as one. As in dlt, an
     * {@code aws_access_key_id} is not a secret; its {@code aws_secret_access_key} is.
     */
    public static boolean isSecretKey(String key) {
        // the last segment decides: credentials.host is not a secret, credentials (a connection string) is
        String name = key.substring(key.lastIndexOf('.') + 1);
        return SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).find();
    }

    /** The value as it may be shown: masked when the key names a secret. */
    public static String show(String key, @Nullable Object value) {
        if (value == null) {
            return "null";
        }
        return isSecretKey(key) ? MASK : value.toString();
    }
}
