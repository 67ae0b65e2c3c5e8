package io.jdlt;

import java.util.List;
import java.util.Optional;

import io.jdlt.config.ConfigSection;
import io.jdlt.config.Configuration;
import io.jdlt.config.Lookup;
import io.jdlt.config.ResolvedValue;
import io.jdlt.extract.ExtractParallelism;
import io.jdlt.format.DataWriterSettings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pipeline's settings that are not given in code, from configuration with dlt's keys. The pipeline's own keys
 * ({@code dataset_name}, {@code dev_mode}, …) are read only under the pipeline's name ({@code <pipeline>.dev_mode},
 * env {@code <PIPELINE>__DEV_MODE}): unlike dlt, an unrelated {@code DEV_MODE} or {@code DATASET_NAME} variable of
 * the process cannot redirect or wipe a pipeline. Stage keys ({@code [extract]}, {@code [normalize]}, {@code [load]},
 * {@code [data_writer]}) are dlt's config sections: tried under the pipeline's name, then without it, and never
 * dropped, so {@code workers} alone configures nothing.
 */
final class PipelineConfig {

    private static final Logger log = LoggerFactory.getLogger(PipelineConfig.class);

    private final Configuration configuration;
    private final String pipelineName;

    PipelineConfig(Configuration configuration, String pipelineName) {
        this.configuration = configuration;
        this.pipelineName = pipelineName;
    }

    Configuration configuration() {
        return configuration;
    }

    /** A key of the pipeline itself: what code gave, else {@code <pipeline>.<key>}, else the default. */
    <T> T pipelineSetting(@Nullable T explicit, String key, Class<T> type, T defaultValue) {
        T configured = optionalPipelineSetting(explicit, key, type);
        return configured != null ? configured : defaultValue;
    }

    <T> @Nullable T optionalPipelineSetting(@Nullable T explicit, String key, Class<T> type) {
        if (explicit != null) {
            return explicit;
        }
        Optional<ResolvedValue> found = configuration.find(new Lookup(null, List.of(), List.of(pipelineName), key,
                false));
        // settings that move or wipe data say where they came from
        found.ifPresent(value -> log.info("Pipeline {}: {}", pipelineName, value));
        return found.map(value -> type.cast(value.as(type))).orElse(null);
    }

    /** A stage key such as {@code extract.workers}: what code gave, else the configured value, else the default. */
    <T> T stageSetting(@Nullable T explicit, String key, Class<T> type, T defaultValue) {
        T configured = optionalStageSetting(explicit, key, type);
        return configured != null ? configured : defaultValue;
    }

    <T> @Nullable T optionalStageSetting(@Nullable T explicit, String key, Class<T> type) {
        if (explicit != null) {
            return explicit;
        }
        return configuration.section(pipelineName).find(key).map(value -> type.cast(value.as(type))).orElse(null);
    }

    /**
     * dlt's {@code [sources.<source>.extract]}, then {@code [sources.extract]}, then {@code [extract]}: the threads
     * and items in flight of one source's extraction.
     */
    ExtractParallelism extractParallelism(@Nullable Integer explicitWorkers, @Nullable Integer explicitItems,
            @Nullable String sourceName) {
        ConfigSection section = sourceName == null ? configuration.section(pipelineName)
                : configuration.section(pipelineName, "sources", sourceName);
        int workers = explicitWorkers != null ? explicitWorkers : section.find("extract.workers")
                .map(ResolvedValue::asInt).orElse(ExtractParallelism.DEFAULTS.workers());
        int items = explicitItems != null ? explicitItems : section.find("extract.max_parallel_items")
                .map(ResolvedValue::asInt).orElse(ExtractParallelism.DEFAULTS.maxParallelItems());
        return new ExtractParallelism(workers, items);
    }

    /**
     * dlt's {@code [normalize.data_writer]}, then {@code [data_writer]}.
     *
     * @param plainByDefault whether files are written without gzip unless compression is configured: the destination
     *        only reads them once, from this machine's disk (1M benchmark rows: gzip took 2.3 of the normalize
     *        stage's 6.0 CPU seconds, and inflating 0.7 CPU seconds of the load's)
     */
    DataWriterSettings normalizeWriter(@Nullable DataWriterSettings explicit, boolean plainByDefault) {
        if (explicit != null) {
            return explicit;
        }
        ConfigSection section = configuration.section(pipelineName, "normalize");
        DataWriterSettings configured = dataWriter(section);
        return plainByDefault ? plainUnlessConfigured(section, configured) : configured;
    }

    /** Files without gzip, unless the section configures {@code disable_compression} (then as configured). */
    private static DataWriterSettings plainUnlessConfigured(ConfigSection section, DataWriterSettings configured) {
        return section.find("data_writer.disable_compression").isPresent() ? configured
                : configured.withDisableCompression(true);
    }

    /**
     * Extract files rotate every this many items unless configured: dlt writes one file per table, which leaves a
     * parallel normalize one file to work on.
     */
    static final long EXTRACT_FILE_MAX_ITEMS = 25_000;

    /** dlt's {@code [sources.<source>.data_writer]}, then {@code [sources.data_writer]}, then {@code [data_writer]}. */
    DataWriterSettings extractWriter(@Nullable DataWriterSettings explicit, String sourceName) {
        if (explicit != null) {
            return explicit;
        }
        ConfigSection section = configuration.section(pipelineName, "sources", sourceName);
        DataWriterSettings configured = dataWriter(section);
        boolean rotationConfigured = section.find("data_writer.file_max_items").isPresent()
                || section.find("data_writer.file_max_bytes").isPresent();
        if (!rotationConfigured) {
            configured = configured.withFileMaxItems(EXTRACT_FILE_MAX_ITEMS);
        }
        // extracted files are read once, by the normalize stage of the same machine, and deleted right after: gzip
        // would cost a third of the extract stage's time for nothing that lasts (dlt compresses them; a configured
        // disable_compression = false still does)
        return plainUnlessConfigured(section, configured);
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

}
