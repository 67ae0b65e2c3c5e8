package io.jdlt.storage;

import io.jdlt.common.PipelineListener;
import io.jdlt.common.RunProgress;

/**
 * What every stage of a pipeline's run works with: the pipeline's name (for messages), its working dir, the listener
 * that hears each step, and the progress the run reports.
 *
 * @param pipelineName the pipeline
 * @param storage its working dir
 * @param listener hears every stage boundary, job and commit
 * @param progress counts what the run in flight has done
 */
public record StageContext(String pipelineName, PipelineStorage storage, PipelineListener listener,
        RunProgress progress) {
}
