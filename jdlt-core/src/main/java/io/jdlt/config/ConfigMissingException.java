package io.jdlt.config;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jdlt.common.TerminalException;

/**
 * Values that must come from configuration were not found; raised before anything is extracted. The message lists,
 * per provider, every key that was tried, so the user sees exactly which environment variable or TOML key to set.
 */
public final class ConfigMissingException extends TerminalException {

    private static final long serialVersionUID = 1L;

    /**
     * One value that was not found.
     *
     * @param name its most specific name, e.g. {@code sources.github.token}
     * @param secret whether it is a secret (and so belongs in secrets.toml or an environment variable)
     * @param tried per provider, the keys tried, in order
     */
    public record Missing(String name, boolean secret, Map<String, List<String>> tried) implements Serializable {

        public Missing {
            // in the providers' order, which is the order the message explains
            tried = Collections.unmodifiableMap(new LinkedHashMap<>(tried));
        }
    }

    private final List<Missing> missing;

    public ConfigMissingException(String owner, List<Missing> missing) {
        super(message(owner, missing));
        this.missing = List.copyOf(missing);
    }

    /** The names of the values that were not found, e.g. {@code [sources.github.token]}. */
    public List<String> missingNames() {
        return missing.stream().map(Missing::name).toList();
    }

    public List<Missing> missing() {
        return missing;
    }

    private static String message(String owner, List<Missing> missing) {
        StringBuilder text = new StringBuilder("Missing configuration for ").append(owner).append(": ")
                .append(String.join(", ", missing.stream().map(m -> (m.secret() ? "secret " : "") + m.name()).toList()))
                .append(". Providers are asked in this order, the first match wins; keys tried:");
        for (Missing value : missing) {
            text.append("\n  ").append(value.name()).append(':');
            value.tried().forEach((provider, keys) -> text.append("\n    ").append(provider).append(": ")
                    .append(String.join(", ", keys)));
        }
        Missing first = missing.get(0);
        int lastDot = first.name().lastIndexOf('.');
        String file = first.secret() ? ".dlt/secrets.toml" : ".dlt/config.toml";
        text.append("\nSet e.g. the environment variable ")
                .append(EnvironmentVariables.variableName(List.of(first.name().split("\\."))))
                .append(lastDot < 0 ? ", or " + first.name() + " = \"...\" in " + file
                        : ", or [" + first.name().substring(0, lastDot) + "] " + first.name().substring(lastDot + 1)
                                + " = \"...\" in " + file);
        return text.toString();
    }
}
