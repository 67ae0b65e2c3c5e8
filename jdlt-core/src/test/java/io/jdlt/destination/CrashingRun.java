package io.jdlt.destination;

import java.nio.file.Path;
import java.util.Map;

import io.jdlt.Jdlt;
import io.jdlt.Pipeline;
import io.jdlt.common.PipelineListener;

/**
 * A pipeline run in a process of its own that kills itself (no shutdown hooks, no cleanup) at a chosen point, so
 * that tests can check the next run repairs a real crash.
 * Arguments: destination name, destination credentials, pipelines dir, dataset, crash point, batch number.
 */
public final class CrashingRun {

    private CrashingRun() {
    }

    public static void main(String[] args) {
        String point = args[4];
        PipelineListener crash = new PipelineListener() {
            @Override
            public void extractCommitted(String loadId) {
                halt("after_extract");
            }

            @Override
            public void jobStarted(String loadId, String jobFileName) {
                if (jobFileName.startsWith("orders__items.")) {
                    halt("during_job");
                }
            }

            @Override
            public void loadCommitted(String loadId) {
                halt("after_commit");
            }

            private void halt(String here) {
                if (here.equals(point)) {
                    Runtime.getRuntime().halt(3);
                }
            }
        };
        Pipeline pipeline = Jdlt.pipeline("crash").pipelinesDir(Path.of(args[2]))
                .destination(Destinations.create(args[0], new DestinationContext("crash", Map.of("credentials", args[1]))))
                .datasetName(args[3]).listener(crash).build();
        pipeline.run(FaultScenario.source(Integer.parseInt(args[5]), false));
        System.exit(0);
    }
}
