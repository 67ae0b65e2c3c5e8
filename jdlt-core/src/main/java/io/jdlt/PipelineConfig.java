package io.jdlt;

import java.util.Optional;

import io.jdlt.config.ConfigSection;
import io.jdlt.config.Configuration;
import io.jdlt.config.ResolvedValue;
import io.jdlt.storage.DataWriterSettings;
import org.jspecify.annotations.Nullable;

/**
 * A pipeline's settings that are not given in code, from configuration with dlt's keys: {@code dataset_name},
 * {@code dev_mode}, … for the pipeline itself, {@code [extract]}, {@code [normalize]}, {@code [load]} and
 * {@code [data_writer]} for its stages; each key first under the pipeline's name ({@code <pipeline>.extract.workers},
 * env {@code <PIPELINE>__EXTRACT__WORKERS}). The stage sections are dlt's config sections: they are never dropped,
 * so {@code workers} alone configures nothing.
 */
final class PipelineConfig {

    private final Configuration configuration;
    private final String pipelineName;

    PipelineConfig(Configuration configuration, String pipelineName) {
        this.configuration = configuration;
        this.pipelineName = pipelineName;
    }

    Configuration configuration() {
        return configuration;
    }

    /** What code gave, else the configured value, else the default. */
    <T> T setting(@Nullable T explicit, String key, Class<T> type, T defaultValue) {
        T configured = optional(explicit, key, type);
        return configured != null ? configured : defaultValue;
    }

    <T> @Nullable T optional(@Nullable T explicit, String key, Class<T> type) {
        if (explicit != null) {
            return explicit;
        }
        Optional<ResolvedValue> found = pipelineSection().find(key);
        return found.map(value -> type.cast(value.as(type))).orElse(null);
    }

    /** dlt's {@code [normalize.data_writer]}, then {@code [data_writer]}. */
    DataWriterSettings normalizeWriter(@Nullable DataWriterSettings explicit) {
        return explicit != null ? explicit : dataWriter(configuration.section(pipelineName, "normalize"));
    }

    /** dlt's {@code [sources.<source>.data_writer]}, then {@code [sources.data_writer]}, then {@code [data_writer]}. */
    DataWriterSettings extractWriter(@Nullable DataWriterSettings explicit, String sourceName) {
        return explicit != null ? explicit : dataWriter(configuration.section(pipelineName, "sources", sourceName));
    }

    private static DataWriterSettings dataWriter(ConfigSection section) {
        DataWriterSettings settings = DataWriterSettings.DEFAULTS;
        Optional<ResolvedValue> buffer = section.find("data_writer.buffer_max_items");
        if (buffer.isPresent()) {
            settings = settings.withBufferMaxItems(buffer.get().asInt());
        }
        Optional<ResolvedValue> fileItems = section.find("data_writer.file_max_items");
        if (fileItems.isPresent()) {
            settings = settings.withFileMaxItems(fileItems.get().asLong());
        }
        Optional<ResolvedValue> fileBytes = section.find("data_writer.file_max_bytes");
        if (fileBytes.isPresent()) {
            settings = settings.withFileMaxBytes(fileBytes.get().asLong());
        }
        Optional<ResolvedValue> disableCompression = section.find("data_writer.disable_compression");
        if (disableCompression.isPresent()) {
            settings = settings.withDisableCompression(disableCompression.get().asBoolean());
        }
        return settings;
    }

    private ConfigSection pipelineSection() {
        return configuration.section(pipelineName);
    }
}
