package io.jdlt.destination;

import java.util.Map;

import javax.sql.DataSource;

import io.jdlt.config.ConfigSection;
import io.jdlt.config.Configuration;
import io.jdlt.config.MapProvider;
import io.jdlt.config.ResolvedValue;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link DestinationFactory} gets to create a destination by name.
 *
 * @param pipelineName the pipeline that will load into it (DuckDB names its file after it)
 * @param configuration where the destination's settings come from
 * @param dataSource the application's DataSource, used by a destination of the same database when no credentials
 *        are configured; null outside an application that has one
 * @param destinationName the destination's name, set by {@link Destinations#create}
 */
public record DestinationContext(String pipelineName, Configuration configuration, @Nullable DataSource dataSource,
        @Nullable String destinationName) {

    public DestinationContext(String pipelineName, Configuration configuration, @Nullable DataSource dataSource) {
        this(pipelineName, configuration, dataSource, null);
    }

    /** Settings given in code, keys as in dlt's {@code [destination.<name>]} section ({@code credentials.host}). */
    public DestinationContext(String pipelineName, Map<String, String> settings) {
        this(pipelineName, Configuration.of(new MapProvider("destination settings", settings)), null, null);
    }

    /** This context for the named destination. */
    public DestinationContext named(String name) {
        return new DestinationContext(pipelineName, configuration, dataSource, name);
    }

    /**
     * The destination's configuration: {@code destination.<name>.<key>}, then {@code destination.<key>}, then
     * {@code <key>}, each first under the pipeline's name; keys as in dlt ({@code credentials.password}).
     */
    public ConfigSection config() {
        if (destinationName == null) {
            throw new IllegalStateException("the destination context has no destination name; create destinations "
                    + "with Destinations.create(name, context)");
        }
        return configuration.destination(pipelineName, destinationName);
    }

    /** A setting as text, or null. */
    public @Nullable String setting(String key) {
        return config().find(key).map(ResolvedValue::asString).orElse(null);
    }

    /** Whether any credentials are configured: a connection string or one of the given credential keys. */
    public boolean hasCredentials(String... credentialKeys) {
        if (setting("credentials") != null) {
            return true;
        }
        for (String key : credentialKeys) {
            if (setting("credentials." + key) != null) {
                return true;
            }
        }
        return false;
    }
}
