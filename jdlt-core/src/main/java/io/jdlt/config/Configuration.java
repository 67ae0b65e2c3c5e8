package io.jdlt.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.jdlt.common.TerminalException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dlt's configuration: an ordered chain of providers, the first to hold a value wins. The standard chain is dlt's:
 * environment variables, then {@code secrets.toml}, then {@code config.toml}, each TOML file first from the project's
 * {@code .dlt} folder, then from {@code ~/.dlt}. Values given in code (builder arguments, constructor arguments) are
 * never looked up, and defaults apply when no provider has a value. Spring Boot puts the application's Environment
 * first.
 * <pre>{@code
 * Configuration config = Configuration.standard();
 * String token = config.source("github_pipeline", "github").secret("token");
 * }</pre>
 */
public final class Configuration {

    private static final Logger log = LoggerFactory.getLogger(Configuration.class);

    private final List<ConfigProvider> providers;

    private Configuration(List<ConfigProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    public static Configuration of(ConfigProvider... providers) {
        return new Configuration(List.of(providers));
    }

    public static Configuration of(List<ConfigProvider> providers) {
        return new Configuration(providers);
    }

    /**
     * Environment variables, then {@code secrets.toml} and {@code config.toml} from the project's settings folder
     * ({@code .dlt} in {@code JDLT_PROJECT_DIR}, dlt's {@code DLT_PROJECT_DIR}, or the current directory) and from
     * {@code ~/.dlt}.
     */
    public static Configuration standard() {
        return standard(projectDir(), globalSettingsDir());
    }

    /** dlt's global settings folder, {@code ~/.dlt}. */
    public static Path globalSettingsDir() {
        return Path.of(System.getProperty("user.home"), ".dlt");
    }

    /** The standard chain with the given project folder (holding {@code .dlt/}) and global settings folder. */
    public static Configuration standard(Path projectDir, Path globalSettingsDir) {
        return standard(EnvironmentVariables.system(), projectDir, globalSettingsDir);
    }

    /** The standard chain with the given environment variables (e.g. those a Spring Environment holds). */
    public static Configuration standard(EnvironmentVariables environment, Path projectDir, Path globalSettingsDir) {
        Path projectSettings = projectDir.resolve(".dlt");
        List<ConfigProvider> chain = new ArrayList<>();
        chain.add(environment);
        chain.add(TomlFile.secrets(projectSettings));
        boolean separateGlobal = !projectSettings.toAbsolutePath().normalize()
                .equals(globalSettingsDir.toAbsolutePath().normalize());
        if (separateGlobal) {
            chain.add(TomlFile.secrets(globalSettingsDir));
        }
        chain.add(TomlFile.config(projectSettings));
        if (separateGlobal) {
            chain.add(TomlFile.config(globalSettingsDir));
        }
        return new Configuration(chain);
    }

    /** {@code JDLT_PROJECT_DIR}, else {@code DLT_PROJECT_DIR}, else the current directory. */
    public static Path projectDir() {
        for (String variable : List.of("JDLT_PROJECT_DIR", "DLT_PROJECT_DIR")) {
            String dir = System.getenv(variable);
            if (dir != null && !dir.isBlank()) {
                return Path.of(dir);
            }
        }
        return Path.of("");
    }

    /** This chain with another provider asked before all others, e.g. the Spring Environment. */
    public Configuration withFirst(ConfigProvider provider) {
        List<ConfigProvider> chain = new ArrayList<>();
        chain.add(provider);
        chain.addAll(providers);
        return new Configuration(chain);
    }

    public List<ConfigProvider> providers() {
        return providers;
    }

    /** Any section, e.g. {@code section(pipeline, "extract")} for dlt's {@code [extract]}. */
    public ConfigSection section(@Nullable String pipelineName, String... sections) {
        return new ConfigSection(this, pipelineName, List.of(sections), List.of(), "section " + String.join(".", sections));
    }

    /** The sections of a source whose section (dlt: its module) is its name: {@code sources.<name>}. */
    public ConfigSection source(@Nullable String pipelineName, String sourceName) {
        return source(pipelineName, sourceName, sourceName);
    }

    /** dlt's source sections {@code sources.<section>.<name>}, with the compact {@code sources.<name>} too. */
    public ConfigSection source(@Nullable String pipelineName, String sourceSection, String sourceName) {
        return new ConfigSection(this, pipelineName, List.of("sources", sourceSection, sourceName), List.of(),
                "source " + sourceName);
    }

    /** dlt's destination sections: {@code destination.<name>.<key>}, then {@code destination.<key>}, then the key. */
    public ConfigSection destination(@Nullable String pipelineName, String destinationName) {
        return new ConfigSection(this, pipelineName, List.of("destination", destinationName), List.of(),
                "destination " + destinationName);
    }

    /** The first value any provider holds for the lookup, in dlt's order (see {@link Lookup}). */
    public Optional<ResolvedValue> find(Lookup lookup) {
        for (List<List<String>> search : lookup.searches()) {
            for (ConfigProvider provider : providers) {
                for (List<String> path : search) {
                    Object value = provider.get(path, lookup.secret());
                    if (value == null) {
                        continue;
                    }
                    String providerKey = provider.keyName(path);
                    if (lookup.secret() && !provider.holdsSecrets()) {
                        throw new TerminalException("secret " + lookup.displayName() + " was found as " + providerKey
                                + " in " + provider.name() + ", which holds no secrets; move it to .dlt/secrets.toml "
                                + "or an environment variable (" + EnvironmentVariables.variableName(
                                List.of(lookup.displayName().split("\\."))) + ")");
                    }
                    ResolvedValue resolved = new ResolvedValue(lookup.displayName(), value, provider.name(),
                            providerKey, lookup.secret());
                    log.debug("Resolved {}", resolved);
                    return Optional.of(resolved);
                }
            }
        }
        return Optional.empty();
    }

    /** Every key each provider was asked for, in order: what a {@link ConfigMissingException} lists. */
    public Map<String, List<String>> triedKeys(Lookup lookup) {
        Map<String, List<String>> tried = new LinkedHashMap<>();
        for (ConfigProvider provider : providers) {
            List<String> keys = tried.computeIfAbsent(provider.name(), name -> new ArrayList<>());
            for (List<List<String>> search : lookup.searches()) {
                for (List<String> path : search) {
                    keys.add(provider.keyName(path));
                }
            }
        }
        return tried;
    }

    @Override
    public String toString() {
        return "Configuration" + providers.stream().map(ConfigProvider::name).toList();
    }
}
