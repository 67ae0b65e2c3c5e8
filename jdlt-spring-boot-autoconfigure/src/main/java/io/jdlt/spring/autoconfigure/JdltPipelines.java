package io.jdlt.spring.autoconfigure;

import io.jdlt.Jdlt;
import io.jdlt.Pipeline;

/**
 * Hands out pipeline builders preset with the application's {@code jdlt.*} settings, so that application code
 * only says what differs per pipeline.
 */
public class JdltPipelines {

    private final JdltProperties properties;

    public JdltPipelines(JdltProperties properties) {
        this.properties = properties;
    }

    /** A builder for the named pipeline, with the configured pipelines dir, destination and dev mode. */
    public Pipeline.Builder builder(String pipelineName) {
        Pipeline.Builder builder = Jdlt.pipeline(pipelineName)
                .destination(properties.getDestination())
                .devMode(properties.isDevMode());
        if (properties.getPipelinesDir() != null) {
            builder.pipelinesDir(properties.getPipelinesDir());
        }
        return builder;
    }
}
