package io.jdlt.spring;

import java.nio.file.Path;

import javax.sql.DataSource;

import io.jdlt.Jdlt;
import io.jdlt.Pipeline;
import io.jdlt.config.ConfigSection;
import io.jdlt.config.Configuration;
import org.jspecify.annotations.Nullable;

/**
 * Hands out pipeline builders preset with the application's settings, so that application code only says what differs
 * per pipeline: the {@code jdlt.*} properties, the dlt-style configuration (Spring Environment first), and the
 * application's DataSource for a destination without credentials.
 */
public class JdltPipelines {

    private final Defaults defaults;
    private final Configuration configuration;
    private final @Nullable DataSource dataSource;

    /**
     * What every pipeline of the application starts from ({@code jdlt.destination}, {@code jdlt.dev-mode},
     * {@code jdlt.pipelines-dir}).
     *
     * @param destination the destination of pipelines that name none
     * @param devMode dev mode for every pipeline, or {@code null} to leave it to each pipeline's configuration
     * @param pipelinesDir the folder of the pipelines' working dirs, or {@code null} for jdlt's default
     */
    public record Defaults(String destination, @Nullable Boolean devMode, @Nullable Path pipelinesDir) {
    }

    public JdltPipelines(Defaults defaults, Configuration configuration, @Nullable DataSource dataSource) {
        this.defaults = defaults;
        this.configuration = configuration;
        this.dataSource = dataSource;
    }

    /** A builder for the named pipeline, with the configured pipelines dir, destination, dev mode and configuration. */
    public Pipeline.Builder builder(String pipelineName) {
        Pipeline.Builder builder = Jdlt.pipeline(pipelineName)
                .destination(defaults.destination())
                .config(configuration);
        if (defaults.devMode() != null) {
            builder.devMode(defaults.devMode());
        }
        if (defaults.pipelinesDir() != null) {
            builder.pipelinesDir(defaults.pipelinesDir());
        }
        if (dataSource != null) {
            builder.dataSource(dataSource);
        }
        return builder;
    }

    /** The configuration pipelines resolve their settings and their sources' values from. */
    public Configuration configuration() {
        return configuration;
    }

    /** A source's configuration as a pipeline sees it, e.g. {@code sourceConfig("github_pipeline", "github").secret("token")}. */
    public ConfigSection sourceConfig(String pipelineName, String sourceName) {
        return configuration.source(pipelineName, sourceName);
    }
}
