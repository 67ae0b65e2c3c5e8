package io.jdlt.spring;

import io.jdlt.Pipeline;

/**
 * Adjusts the builder of every pipeline the starter makes, before it is built: a listener, staging, settings that
 * configuration cannot express. Customizer beans run in their {@code @Order}.
 */
@FunctionalInterface
public interface JdltPipelineCustomizer {

    void customize(String pipelineName, Pipeline.Builder builder);
}
