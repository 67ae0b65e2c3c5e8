package io.jdlt.spring;

import io.jdlt.common.PipelineListener;
import io.jdlt.common.PipelineStage;
import io.jdlt.spring.JdltObservationDocumentation.LowCardinalityKeys;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Makes an observation of each stage of a pipeline; the run's observation, open on the same thread, is its parent.
 * A pipeline runs one stage at a time, so one field holds the stage in flight.
 */
final class ObservingPipelineListener implements PipelineListener {

    private final ObservationRegistry registry;
    private final String pipelineName;
    private volatile String destinationName = "unknown";
    private volatile @Nullable Observation stage;
    private volatile Observation.@Nullable Scope scope;

    ObservingPipelineListener(ObservationRegistry registry, String pipelineName) {
        this.registry = registry;
        this.pipelineName = pipelineName;
    }

    /** The destination the pipeline was built with, which customizers may have changed. */
    void destination(String name) {
        this.destinationName = name;
    }

    @Override
    public void stageStarted(PipelineStage started) {
        stage = Observation.createNotStarted(java.util.Objects.requireNonNull(
                JdltObservationDocumentation.PIPELINE_STAGE.getName()), registry)
                .contextualName("jdlt " + started.label())
                .lowCardinalityKeyValue(LowCardinalityKeys.PIPELINE.asString(), pipelineName)
                .lowCardinalityKeyValue(LowCardinalityKeys.DESTINATION.asString(), destinationName)
                .lowCardinalityKeyValue(LowCardinalityKeys.STAGE.asString(), started.label())
                .start();
        // what the stage observes itself (JDBC, HTTP) nests under it; the stage runs on this thread to its end
        scope = stage.openScope();
    }

    @Override
    public void stageFinished(PipelineStage finished, @Nullable Throwable failure) {
        Observation current = stage;
        if (current == null) {
            return;
        }
        Observation.Scope open = scope;
        if (open != null) {
            open.close();
            scope = null;
        }
        if (failure != null) {
            current.error(failure);
        }
        current.lowCardinalityKeyValue(LowCardinalityKeys.STATUS.asString(), failure == null ? "success" : "failure");
        current.stop();
        stage = null;
    }
}
