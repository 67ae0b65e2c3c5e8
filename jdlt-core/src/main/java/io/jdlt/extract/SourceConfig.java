package io.jdlt.extract;

import java.util.List;
import java.util.Map;

import io.jdlt.config.ConfigField;
import io.jdlt.config.ConfigSection;
import io.jdlt.config.Configuration;
import io.jdlt.config.ResolvedValue;
import io.jdlt.config.Secrets;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of one source during a run: the values it declared, resolved before extraction, and the
 * sections its resources look further values up in.
 */
public final class SourceConfig {

    private final Configuration configuration;
    private final @Nullable String pipelineName;
    private final Source source;
    private final Map<String, ResolvedValue> declared;

    private SourceConfig(Configuration configuration, @Nullable String pipelineName, Source source,
            Map<String, ResolvedValue> declared) {
        this.configuration = configuration;
        this.pipelineName = pipelineName;
        this.source = source;
        this.declared = declared;
    }

    /**
     * Resolves every value the source declares; the missing ones fail together, before anything is extracted.
     *
     * @throws io.jdlt.config.ConfigMissingException listing every key and environment variable tried
     */
    public static SourceConfig resolve(Configuration configuration, @Nullable String pipelineName, Source source) {
        List<ConfigField> fields = source.configFields();
        Map<String, ResolvedValue> declared = fields.isEmpty() ? Map.of()
                : sourceSection(configuration, pipelineName, source).resolveAll(fields);
        return new SourceConfig(configuration, pipelineName, source, declared);
    }

    /** dlt's sections of a source: {@code sources.<section>.<name>}. */
    public static ConfigSection sourceSection(Configuration configuration, @Nullable String pipelineName, Source source) {
        return configuration.source(pipelineName, source.section(), source.name());
    }

    /** The declared values, by name; secrets show masked. */
    public Map<String, ResolvedValue> declared() {
        return declared;
    }

    ConfigSection resourceSection(String resourceName) {
        return configuration.source(pipelineName, source.section(), resourceName);
    }

    /** A declared value, else the value looked up in the resource's sections, which must be there. */
    ResolvedValue value(String resourceName, String name, boolean secret) {
        ResolvedValue value = declared.get(name);
        boolean isSecret = secret || Secrets.isSecretKey(name);
        return value != null ? value : resourceSection(resourceName).resolve(isSecret ? ConfigField.secret(name)
                : ConfigField.value(name));
    }
}
