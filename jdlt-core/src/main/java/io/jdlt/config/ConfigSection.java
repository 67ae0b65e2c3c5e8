package io.jdlt.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.jdlt.schema.SnakeCaseNaming;
import org.jspecify.annotations.Nullable;

/**
 * The configuration as one source, destination or stage sees it: keys are looked up in its sections, from the most
 * specific to the bare key, under the pipeline's name first (see {@link Lookup}). A dotted key
 * ({@code credentials.password}) names an embedded section, which is never dropped from the lookup.
 */
public final class ConfigSection {

    // Java names to dlt's keys as dlt names them: awsAccessKeyId and baseURL become aws_access_key_id and base_url
    private static final SnakeCaseNaming SNAKE_CASE = new SnakeCaseNaming();

    private final Configuration configuration;
    private final @Nullable String pipelineName;
    private final List<String> sections;
    private final List<String> embedded;
    private final String owner;

    ConfigSection(Configuration configuration, @Nullable String pipelineName, List<String> sections,
            List<String> embedded, String owner) {
        this.configuration = configuration;
        this.pipelineName = pipelineName;
        this.sections = List.copyOf(sections);
        this.embedded = List.copyOf(embedded);
        this.owner = owner;
    }

    /** Who asks, as errors name it: {@code source github}, {@code destination postgres}. */
    public String owner() {
        return owner;
    }

    /** The lookup of a key, secret when its name says so ({@link Secrets#isSecretKey}). */
    public Lookup lookup(String key, boolean secret) {
        List<String> parts = new ArrayList<>(Arrays.asList(key.split("\\.")));
        String name = parts.remove(parts.size() - 1);
        List<String> embeddedSections = new ArrayList<>(embedded);
        embeddedSections.addAll(parts);
        return new Lookup(pipelineName, sections, embeddedSections, name, secret);
    }

    /** The value of a key, or empty; a key that names a secret ({@code password}, {@code token}) is looked up as one. */
    public Optional<ResolvedValue> find(String key) {
        return find(key, Secrets.isSecretKey(key));
    }

    public Optional<ResolvedValue> find(String key, boolean secret) {
        return configuration.find(lookup(key, secret));
    }

    /** A required value (dlt's {@code dlt.config.value}); missing, it fails with every key that was tried. */
    public String value(String key) {
        return resolve(Secrets.isSecretKey(key) ? ConfigField.secret(key) : ConfigField.value(key)).asString();
    }

    /** A required secret (dlt's {@code dlt.secrets.value}); missing, it fails with every key that was tried. */
    public String secret(String key) {
        return resolve(ConfigField.secret(key)).asString();
    }

    public ResolvedValue resolve(ConfigField field) {
        return java.util.Objects.requireNonNull(resolveAll(List.of(field)).get(field.name()));
    }

    /**
     * Every field, by name; the fields no provider has and that have no default fail together in one
     * {@link ConfigMissingException}, so that a user fixes the configuration in one go.
     */
    public Map<String, ResolvedValue> resolveAll(Collection<ConfigField> fields) {
        Map<String, ResolvedValue> resolved = new LinkedHashMap<>();
        List<ConfigMissingException.Missing> missing = new ArrayList<>();
        for (ConfigField field : fields) {
            Lookup lookup = lookup(field.name(), field.secret());
            Optional<ResolvedValue> found = configuration.find(lookup);
            if (found.isPresent()) {
                // a value that does not convert fails now, with the others, not in the middle of an extraction
                found.get().as(field.type());
                resolved.put(field.name(), found.get());
            }
            else if (field.defaultValue() != null) {
                resolved.put(field.name(), new ResolvedValue(lookup.displayName(), field.defaultValue(), "default",
                        field.name(), field.secret()));
            }
            else {
                missing.add(new ConfigMissingException.Missing(lookup.displayName(), field.secret(),
                        configuration.triedKeys(lookup)));
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigMissingException(owner, missing);
        }
        return resolved;
    }

    /** A section within this one, e.g. {@code extract} within a source: {@code sources.github.extract.workers}. */
    public ConfigSection section(String name) {
        List<String> inner = new ArrayList<>(sections);
        inner.add(name);
        return new ConfigSection(configuration, pipelineName, inner, embedded, owner);
    }

    /**
     * Binds an embedded section such as {@code credentials} to a record, a component per key (its name in
     * snake_case): dlt's credentials specs. A component marked {@link Secret} (or named like one) must come from a
     * provider that holds secrets; a {@code @Nullable} component is optional. All missing keys fail together.
     * <pre>{@code
     * record SnowflakeCredentials(String database, String username, @Secret String password, String host,
     *         String warehouse, @Nullable String role) {}
     * var credentials = config.destination(pipeline, "snowflake").bind("credentials", SnowflakeCredentials.class);
     * }</pre>
     */
    public <R extends Record> R bind(String embeddedSection, Class<R> type) {
        RecordComponent[] components = type.getRecordComponents();
        ConfigSection section = embeddedSection.isEmpty() ? this : embed(embeddedSection);
        List<ConfigField> fields = new ArrayList<>();
        for (RecordComponent component : components) {
            Secret secret = component.getAnnotation(Secret.class);
            String key = secret != null && !secret.value().isEmpty() ? secret.value()
                    : SNAKE_CASE.normalizeIdentifier(component.getName());
            boolean isSecret = secret != null || Secrets.isSecretKey(key);
            boolean optional = component.getAnnotatedType().isAnnotationPresent(Nullable.class);
            // an optional component is looked up like the others; the placeholder default only marks it not required
            fields.add(new ConfigField(key, isSecret, optional ? Optional.empty() : null, component.getType()));
        }
        Map<String, ResolvedValue> values = section.resolveAll(fields);
        Object[] arguments = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            ResolvedValue value = java.util.Objects.requireNonNull(values.get(fields.get(i).name()));
            types[i] = components[i].getType();
            arguments[i] = value.value() instanceof Optional<?> ? null : value.as(types[i]);
        }
        try {
            Constructor<R> constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(arguments);
        }
        catch (InvocationTargetException ex) {
            Throwable refusal = ex.getCause() == null ? ex : ex.getCause();
            throw new IllegalArgumentException(owner + ": " + type.getSimpleName() + " refused its configuration: "
                    + refusal.getMessage(), refusal);
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalArgumentException(owner + ": cannot create " + type.getName() + " from configuration", ex);
        }
    }

    private ConfigSection embed(String dottedSection) {
        List<String> inner = new ArrayList<>(embedded);
        inner.addAll(Arrays.asList(dottedSection.split("\\.")));
        return new ConfigSection(configuration, pipelineName, sections, inner, owner);
    }

    @Override
    public String toString() {
        return owner + " " + (pipelineName == null ? "" : "[" + pipelineName + "] ") + String.join(".", sections);
    }
}
