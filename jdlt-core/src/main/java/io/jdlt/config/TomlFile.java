package io.jdlt.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.jdlt.common.TerminalException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * dlt's {@code secrets.toml} or {@code config.toml}: sections are TOML tables ({@code [sources.github]}) or dotted
 * keys ({@code sources.github.token = "…"}). A missing file holds no values; a malformed one fails at once, naming the
 * file and the line, since guessing around it would silently use other values.
 */
public final class TomlFile implements ConfigProvider {

    private static final TomlMapper TOML = new TomlMapper();

    private final String name;
    private final boolean holdsSecrets;
    private final Map<String, Object> values;

    private TomlFile(String name, boolean holdsSecrets, Map<String, Object> values) {
        this.name = name;
        this.holdsSecrets = holdsSecrets;
        this.values = values;
    }

    /** {@code secrets.toml} in the folder: may hold secrets. */
    public static TomlFile secrets(Path settingsDir) {
        return read(settingsDir.resolve("secrets.toml"), true);
    }

    /** {@code config.toml} in the folder: a secret found here is refused. */
    public static TomlFile config(Path settingsDir) {
        return read(settingsDir.resolve("config.toml"), false);
    }

    public static TomlFile read(Path file, boolean holdsSecrets) {
        String name = file.getFileName() + " (" + file.toAbsolutePath().getParent() + ")";
        if (!Files.isRegularFile(file)) {
            return new TomlFile(name, holdsSecrets, Map.of());
        }
        try {
            Map<String, Object> values = TOML.readValue(Files.readString(file), new TypeReference<Map<String, Object>>() {
            });
            return new TomlFile(name, holdsSecrets, values);
        }
        catch (JacksonException ex) {
            // the parser's message quotes the line, never more, so no secret beyond the broken line is shown
            throw new TerminalException("cannot read " + file + ": " + ex.getOriginalMessage(), ex);
        }
        catch (IOException ex) {
            throw new TerminalException("cannot read " + file + ": " + ex.getMessage(), ex);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean holdsSecrets() {
        return holdsSecrets;
    }

    @Override
    public @Nullable Object get(List<String> path, boolean secret) {
        Object value = Sections.walk(values, path);
        return value instanceof Map<?, ?> ? null : value;
    }
}
