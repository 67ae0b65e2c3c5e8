package io.jdlt.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * dlt's environment provider: the path joined with double underscores and upper-cased
 * ({@code SOURCES__GITHUB__TOKEN}, {@code DESTINATION__POSTGRES__CREDENTIALS__PASSWORD}); a secret is also read from
 * a file in {@code /run/secrets} named by the lower-cased key with dashes ({@code sources--github--token}), where
 * Docker and Kubernetes mount secrets.
 */
public final class EnvironmentVariables implements ConfigProvider {

    private static final Path DOCKER_SECRETS = Path.of("/run/secrets");

    private final Map<String, String> variables;
    private final Path secretsDir;

    public EnvironmentVariables(Map<String, String> variables, Path secretsDir) {
        this.variables = Map.copyOf(variables);
        this.secretsDir = secretsDir;
    }

    /** The process's environment and {@code /run/secrets}. */
    public static EnvironmentVariables system() {
        return of(System.getenv());
    }

    /** These variables, and secrets in {@code /run/secrets}. */
    public static EnvironmentVariables of(Map<String, String> variables) {
        return new EnvironmentVariables(variables, DOCKER_SECRETS);
    }

    @Override
    public String name() {
        return "environment variables";
    }

    @Override
    public boolean holdsSecrets() {
        return true;
    }

    @Override
    public @Nullable Object get(List<String> path, boolean secret) {
        String name = keyName(path);
        String value = variables.get(name);
        if (value != null || !secret) {
            return value;
        }
        Path file = secretsDir.resolve(name.toLowerCase(Locale.ROOT).replace('_', '-'));
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            // a mounted secret usually ends with the newline of the editor that wrote it
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        catch (IOException ex) {
            // a secret file that exists but cannot be read is a deployment's configuration: it stays unreadable
            throw new io.jdlt.common.TerminalException("Cannot read the secret file " + file + ": " + ex
                    + ". Check its permissions for the user the application runs as.", ex);
        }
    }

    @Override
    public String keyName(List<String> path) {
        return variableName(path);
    }

    /** dlt's environment variable for a path: {@code [sources, github, token]} is {@code SOURCES__GITHUB__TOKEN}. */
    public static String variableName(List<String> path) {
        return String.join("__", path).toUpperCase(Locale.ROOT);
    }
}
