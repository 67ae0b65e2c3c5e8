package io.jdlt.spring.autoconfigure;

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

    private final JdltProperties properties;
    private final Configuration configuration;
    private final @Nullable DataSource dataSource;

    public JdltPipelines(JdltProperties properties, Configuration configuration, @Nullable DataSource dataSource) {
        this.properties = properties;
        this.configuration = configuration;
        this.dataSource = dataSource;
    }

    /** A builder for the named pipeline, with the configured pipelines dir, destination, dev mode and configuration. */
    public Pipeline.Builder builder(String pipelineName) {
        Pipeline.Builder builder = Jdlt.pipeline(pipelineName)
                .destination(properties.getDestination())
                .config(configuration);
        if (properties.getDevMode() != null) {
            builder.devMode(properties.getDevMode());
        }
        if (properties.getPipelinesDir() != null) {
            builder.pipelinesDir(properties.getPipelinesDir());
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
