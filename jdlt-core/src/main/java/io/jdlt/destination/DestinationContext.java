package io.jdlt.destination;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link DestinationFactory} gets to create a destination by name.
 *
 * @param pipelineName the pipeline that will load into it (DuckDB names its file after it)
 * @param settings the destination's settings, keys as in dlt's {@code [destination.<name>]} section
 */
public record DestinationContext(String pipelineName, Map<String, String> settings) {

    public @Nullable String setting(String key) {
        return settings.get(key);
    }
}
