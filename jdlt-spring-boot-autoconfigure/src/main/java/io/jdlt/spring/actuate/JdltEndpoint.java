package io.jdlt.spring.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import io.jdlt.spring.ManagedPipeline;
import io.jdlt.spring.ManagedPipelines;

/**
 * Actuator's {@code jdlt} endpoint: {@code GET /actuator/jdlt} lists the pipelines with their last run, status and
 * progress; {@code GET /actuator/jdlt/{pipeline}} adds schemas, state (secrets masked), load packages and settings;
 * {@code POST /actuator/jdlt/{pipeline}} starts a run when {@code jdlt.actuator-run-enabled=true};
 * {@code POST /actuator/jdlt/{pipeline}/{loadId}} retries a pending load package and
 * {@code DELETE /actuator/jdlt/{pipeline}/{loadId}} drops one when {@code jdlt.actuator-packages-enabled=true}.
 */
@Endpoint(id = "jdlt")
public class JdltEndpoint implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(JdltEndpoint.class);

    private final ManagedPipelines pipelines;
    private final boolean runEnabled;
    private final boolean packagesEnabled;
    private final ExecutorService runs = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "jdlt-actuator-run");
        thread.setDaemon(true);
        return thread;
    });

    public JdltEndpoint(ManagedPipelines pipelines, boolean runEnabled, boolean packagesEnabled) {
        this.pipelines = pipelines;
        this.runEnabled = runEnabled;
        this.packagesEnabled = packagesEnabled;
    }

    @ReadOperation
    public PipelineViews.PipelinesDescriptor pipelines() {
        Map<String, PipelineViews.PipelineDescriptor> all = new LinkedHashMap<>();
        pipelines.all().forEach(pipeline -> all.put(pipeline.name(), PipelineViews.summary(pipeline)));
        return new PipelineViews.PipelinesDescriptor(all);
    }

    /** One pipeline in detail; an unknown name answers 404. */
    @ReadOperation
    public PipelineViews.@Nullable PipelineDetailDescriptor pipeline(@Selector String name) {
        return pipelines.find(name).map(PipelineViews::detail).orElse(null);
    }

    /** Starts a run and answers 202 at once; the run's progress and outcome show in the read operations. */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> run(@Selector String name) {
        WebEndpointResponse<Map<String, Object>> refused = refusal(runEnabled, "runs", "jdlt.actuator-run-enabled",
                name);
        if (refused != null) {
            return refused;
        }
        ManagedPipeline pipeline = pipelines.find(name).orElseThrow();
        inBackground("Run of pipeline " + name, () -> pipeline.runIfIdle("actuator"));
        return new WebEndpointResponse<>(Map.of("pipeline", name, "status", "started"), 202);
    }

    /**
     * Loads the pending packages again, this one among them (e.g. once their database is back), and answers 202 at
     * once. The outcome shows in the read operations as the last run (trigger {@code retry}).
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> retryPackage(@Selector String name, @Selector String loadId) {
        WebEndpointResponse<Map<String, Object>> refused = packageOperationRefusal(name);
        if (refused != null) {
            return refused;
        }
        ManagedPipeline pipeline = pipelines.find(name).orElseThrow();
        if (!pipeline.pipeline().isPending(loadId)) {
            return new WebEndpointResponse<>(Map.of("error", "load package " + loadId + " of pipeline " + name
                    + " is not pending"), WebEndpointResponse.STATUS_NOT_FOUND);
        }
        inBackground("Retry of load package " + loadId + " of pipeline " + name, () -> pipeline.retryPackage(loadId));
        return new WebEndpointResponse<>(Map.of("pipeline", name, "loadId", loadId, "status", "retrying"), 202);
    }

    /**
     * Drops a package: a pending one is kept on disk as aborted and its state changes are discarded (a source that
     * reads incrementally gives its rows again); an aborted one is deleted. A package the destination committed before
     * a run stopped answers 409: the next run completes it.
     */
    @DeleteOperation
    public WebEndpointResponse<Map<String, Object>> dropPackage(@Selector String name, @Selector String loadId) {
        WebEndpointResponse<Map<String, Object>> refused = packageOperationRefusal(name);
        if (refused != null) {
            return refused;
        }
        try {
            List<PipelineViews.LoadPackageDescriptor> dropped = pipelines.find(name).orElseThrow().dropPackage(loadId)
                    .stream()
                    .map(PipelineViews::loadPackage).toList();
            return new WebEndpointResponse<>(Map.of("pipeline", name, "dropped", dropped), 200);
        }
        catch (IllegalArgumentException unknown) {
            return new WebEndpointResponse<>(Map.of("error", unknown.getMessage()), WebEndpointResponse.STATUS_NOT_FOUND);
        }
        catch (IllegalStateException conflict) {
            // busy (PipelineBusyException), or a package the destination committed
            return new WebEndpointResponse<>(Map.of("error", String.valueOf(conflict.getMessage())), 409);
        }
        catch (io.jdlt.common.TransientException unavailable) {
            // the destination must say whether the package was committed before it may be dropped
            return new WebEndpointResponse<>(Map.of("error", String.valueOf(unavailable.getMessage())), 503);
        }
    }

    private @Nullable WebEndpointResponse<Map<String, Object>> packageOperationRefusal(String name) {
        return refusal(packagesEnabled, "package operations", "jdlt.actuator-packages-enabled", name);
    }

    /** Why an operation on a pipeline is refused (off, unknown pipeline, running), or {@code null} to go ahead. */
    private @Nullable WebEndpointResponse<Map<String, Object>> refusal(boolean enabled, String operations,
            String property, String name) {
        if (!enabled) {
            return new WebEndpointResponse<>(Map.of("error", operations + " from Actuator are off; set " + property
                    + "=true to allow them"), 403);
        }
        ManagedPipeline pipeline = pipelines.find(name).orElse(null);
        if (pipeline == null) {
            return new WebEndpointResponse<>(Map.of("error", "no pipeline named '" + name + "'", "pipelines",
                    pipelines.names()), WebEndpointResponse.STATUS_NOT_FOUND);
        }
        if (pipeline.isRunning()) {
            return new WebEndpointResponse<>(Map.of("error", "pipeline " + name + " is running"), 409);
        }
        return null;
    }

    /** Answers at once: a run or a load may take longer than an HTTP client waits. */
    private void inBackground(String what, Runnable action) {
        runs.execute(() -> {
            try {
                action.run();
            }
            catch (RuntimeException ex) {
                log.error("{} started from Actuator failed: {}", what, ex.getMessage(), ex);
            }
        });
    }

    @Override
    public void destroy() throws InterruptedException {
        runs.shutdown();
        // a run in flight gets a while to finish; one cut off is finished by the next run, never lost
        runs.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    }
}
