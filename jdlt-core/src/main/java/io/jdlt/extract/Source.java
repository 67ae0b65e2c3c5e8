package io.jdlt.extract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jdlt.config.ConfigField;
import io.jdlt.schema.SchemaContract;
import io.jdlt.schema.TypeWidening;
import org.jspecify.annotations.Nullable;

/**
 * A named group of resources, loaded together into one dataset with one schema (named after the source): dlt's
 * source.
 * <pre>{@code
 * Source github = Source.of("github", issues, pullRequests).maxTableNesting(2);
 * }</pre>
 */
public final class Source {

    private final String name;
    private final Map<String, Resource> resources;
    private final @Nullable Integer maxTableNesting;
    private final @Nullable SchemaContract schemaContract;
    private final java.util.Set<TypeWidening> typeWidenings;
    private final String section;
    private final List<ConfigField> configFields;

    private Source(String name, Map<String, Resource> resources, @Nullable Integer maxTableNesting,
            @Nullable SchemaContract schemaContract, java.util.Set<TypeWidening> typeWidenings, String section,
            List<ConfigField> configFields) {
        this.name = Resource.requireName(name);
        this.resources = resources;
        this.maxTableNesting = maxTableNesting;
        this.schemaContract = schemaContract;
        this.typeWidenings = java.util.Set.copyOf(typeWidenings);
        this.section = Resource.requireName(section);
        this.configFields = List.copyOf(configFields);
    }

    public static Source of(String name, Resource... resources) {
        return of(name, List.of(resources));
    }

    public static Source of(String name, List<Resource> resources) {
        Map<String, Resource> byName = new LinkedHashMap<>();
        for (Resource resource : resources) {
            if (byName.putIfAbsent(resource.name(), resource) != null) {
                throw new IllegalArgumentException("source '" + name + "' has two resources named '"
                        + resource.name() + "'; resource names must be unique within a source");
            }
        }
        return new Source(name, byName, null, null, java.util.Set.of(), name, List.of());
    }

    public String name() {
        return name;
    }

    public List<Resource> resources() {
        return new ArrayList<>(resources.values());
    }

    public @Nullable Resource resource(String resourceName) {
        return resources.get(resourceName);
    }

    /** The schema-wide {@code max_table_nesting}; a resource's own setting overrides it. */
    public @Nullable Integer maxTableNesting() {
        return maxTableNesting;
    }

    public Source maxTableNesting(int nesting) {
        if (nesting < 0) {
            throw new IllegalArgumentException("max_table_nesting must be 0 or more, was " + nesting);
        }
        return new Source(name, resources, nesting, schemaContract, typeWidenings, section, configFields);
    }

    /** The source's schema contract: for all its tables, below a resource's own (dlt's source {@code schema_contract}). */
    public @Nullable SchemaContract schemaContract() {
        return schemaContract;
    }

    /** Type changes the source's schema allows instead of variant columns, applied with an ALTER in the destination. */
    public Source typeWidening(TypeWidening... widenings) {
        return new Source(name, resources, maxTableNesting, schemaContract, java.util.Set.of(widenings), section,
                configFields);
    }

    public java.util.Set<TypeWidening> typeWidenings() {
        return typeWidenings;
    }

    public Source schemaContract(SchemaContract contract) {
        return new Source(name, resources, maxTableNesting, java.util.Objects.requireNonNull(contract, "schema contract"),
                typeWidenings, section, configFields);
    }

    /**
     * dlt's source section (the module a Python source lives in): its values are looked up in
     * {@code sources.<section>.<name>}, then {@code sources.<section>}, {@code sources.<name>}, {@code sources} and
     * the bare key. Defaults to the source's name.
     */
    public String section() {
        return section;
    }

    public Source section(String configSection) {
        return new Source(name, resources, maxTableNesting, schemaContract, typeWidenings, configSection, configFields);
    }

    /** The values the source needs from configuration; each run resolves them before it extracts anything. */
    public List<ConfigField> configFields() {
        return configFields;
    }

    /**
     * Declares values that must come from configuration (dlt's {@code dlt.secrets.value} / {@code dlt.config.value}),
     * in addition to those already declared; a resource reads them with {@link ResourceContext#secret} and
     * {@link ResourceContext#configValue}.
     */
    public Source config(ConfigField... fields) {
        List<ConfigField> all = new ArrayList<>(configFields);
        for (ConfigField field : fields) {
            if (all.stream().anyMatch(declared -> declared.name().equals(field.name()))) {
                throw new IllegalArgumentException("source '" + name + "' declares the config field '" + field.name()
                        + "' twice");
            }
            all.add(field);
        }
        return new Source(name, resources, maxTableNesting, schemaContract, typeWidenings, section, all);
    }

    @Override
    public String toString() {
        return "Source[" + name + ", resources=" + resources.keySet() + "]";
    }
}
