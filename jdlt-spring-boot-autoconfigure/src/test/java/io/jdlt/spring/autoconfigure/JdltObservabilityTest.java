package io.jdlt.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.jdlt.common.TerminalException;
import io.jdlt.extract.Resource;
import io.jdlt.extract.Source;
import io.jdlt.spring.JdltPipelineCustomizer;
import io.jdlt.spring.ManagedPipeline;
import io.jdlt.spring.ManagedPipelines;
import io.jdlt.spring.actuate.JdltEndpoint;
import io.jdlt.spring.actuate.JdltHealthIndicator;
import io.jdlt.spring.actuate.PipelineViews;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Observations, meters, the Actuator endpoint and health of managed pipelines, and the conditions that add them. */
class JdltObservabilityTest {

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return StarterContexts.withAllAutoConfigurations(dir)
                .withBean("cities", Source.class, () -> Source.of("cities", Resource.builder("cities")
                        .emitter((ctx, out) -> {
                            // a secret-looking value in the state, which the endpoint must not show
                            ctx.state().put("api_token", "tok_123");
                            out.emit(List.of(Map.of("name", "Berlin", "tags", List.of("a", "b")),
                                    Map.of("name", "Lisbon", "tags", List.of())));
                        }).build()));
    }

    /** A registry that keeps every observation it saw stop, in order. */
    private static ObservationRegistry recording(List<Observation.Context> stopped) {
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }

            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context);
            }
        });
        return registry;
    }

    private static String key(Observation.Context context, String key) {
        return context.getLowCardinalityKeyValue(key).getValue();
    }

    @Test
    void aRunAndEachOfItsStagesAreObserved() {
        List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
        runner().withBean(ObservationRegistry.class, () -> recording(stopped)).run(context -> {
            context.getBean(ManagedPipelines.class).run("cities");

            assertThat(stopped).extracting(Observation.Context::getName).containsExactly("jdlt.pipeline.stage",
                    "jdlt.pipeline.stage", "jdlt.pipeline.stage", "jdlt.pipeline.run");
            Observation.Context run = stopped.get(3);
            assertThat(key(run, "pipeline")).isEqualTo("cities");
            assertThat(key(run, "destination")).isEqualTo("duckdb");
            assertThat(key(run, "status")).isEqualTo("success");
            List<Observation.Context> stages = stopped.subList(0, 3);
            assertThat(stages).extracting(stage -> key(stage, "stage")).containsExactly("extract", "normalize", "load");
            assertThat(stages).allSatisfy(stage -> {
                assertThat(key(stage, "status")).isEqualTo("success");
                assertThat(key(stage, "pipeline")).isEqualTo("cities");
                assertThat(stage.getParentObservation().getContextView().getName()).isEqualTo("jdlt.pipeline.run");
            });
        });
    }

    @Test
    void aFailedRunIsObservedAsAFailure() {
        List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
        runner().withBean(ObservationRegistry.class, () -> recording(stopped))
                .withBean("broken", Source.class, () -> Source.of("broken", Resource.builder("items")
                        .emitter((ctx, out) -> {
                            throw new TerminalException("bad record");
                        }).build()))
                .run(context -> {
                    assertThatThrownBy(() -> context.getBean(ManagedPipelines.class).run("broken"));
                    Observation.Context run = stopped.get(stopped.size() - 1);
                    assertThat(run.getName()).isEqualTo("jdlt.pipeline.run");
                    assertThat(key(run, "status")).isEqualTo("failure");
                    assertThat(run.getError()).hasMessageContaining("bad record");
                    assertThat(key(stopped.get(0), "stage")).isEqualTo("extract");
                    assertThat(key(stopped.get(0), "status")).isEqualTo("failure");
                });
    }

    @Test
    void metersCountRowsAndJobsAndWatchPendingPackagesAndTheLastSuccess() {
        runner().withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
                .run(context -> {
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.get("jdlt.last.success.age").tag("pipeline", "cities").gauge().value()).isNaN();

                    context.getBean(ManagedPipelines.class).run("cities");

                    assertThat(meters.get("jdlt.rows").tags("pipeline", "cities", "table", "cities").counter().count())
                            .isEqualTo(2);
                    assertThat(meters.get("jdlt.rows").tags("pipeline", "cities", "table", "cities__tags").counter()
                            .count()).isEqualTo(2);
                    assertThat(meters.get("jdlt.jobs").tags("pipeline", "cities", "status", "completed").counter()
                            .count()).isGreaterThanOrEqualTo(2);
                    assertThat(meters.get("jdlt.packages.pending").tag("pipeline", "cities").gauge().value())
                            .isZero();
                    assertThat(meters.get("jdlt.last.success.age").tag("pipeline", "cities").gauge().value())
                            .isBetween(0.0, 60.0);
                });
    }

    @Test
    void theEndpointIsThereOnlyWhenExposed() {
        runner().run(context -> assertThat(context).doesNotHaveBean(JdltEndpoint.class));
        runner().withPropertyValues("management.endpoints.web.exposure.include=jdlt")
                .run(context -> assertThat(context).hasSingleBean(JdltEndpoint.class));
    }

    @Test
    void theEndpointShowsPipelinesTheirLastRunSchemasStateAndPackages() {
        runner().withPropertyValues("management.endpoints.web.exposure.include=jdlt").run(context -> {
            JdltEndpoint endpoint = context.getBean(JdltEndpoint.class);
            context.getBean(ManagedPipelines.class).run("cities");

            PipelineViews.PipelineDescriptor summary = endpoint.pipelines().pipelines().get("cities");
            assertThat(summary.source()).isEqualTo("cities");
            assertThat(summary.destination()).isEqualTo("duckdb");
            assertThat(summary.dataset()).isEqualTo("cities_dataset");
            assertThat(summary.status()).isEqualTo("idle");
            assertThat(summary.pendingPackages()).isZero();
            PipelineViews.RunDescriptor lastRun = summary.lastRun();
            assertThat(lastRun.outcome()).isEqualTo("succeeded");
            assertThat(lastRun.trigger()).isEqualTo("manual");
            assertThat(lastRun.rowCounts()).isEqualTo(Map.of("cities", 2L, "cities__tags", 2L, "_dlt_pipeline_state",
                    1L));

            PipelineViews.PipelineDetailDescriptor detail = endpoint.pipeline("cities");
            assertThat(detail).isNotNull();
            assertThat(detail.schemas()).singleElement().satisfies(schema -> {
                assertThat(schema.name()).isEqualTo("cities");
                assertThat(schema.tables()).containsExactly("cities", "cities__tags");
            });
            assertThat(detail.state().toString()).contains("api_token=******").doesNotContain("tok_123");
            assertThat(detail.loadPackages()).singleElement().satisfies(loaded -> {
                assertThat(loaded.status()).isEqualTo("loaded");
                assertThat(loaded.jobs()).anySatisfy(job -> {
                    assertThat(job.table()).isEqualTo("cities");
                    assertThat(job.state()).isEqualTo("completed");
                });
            });
            assertThat(endpoint.pipeline("nope")).isNull();
        });
    }

    @Test
    void runningFromTheEndpointIsOffUnlessEnabled() {
        runner().withPropertyValues("management.endpoints.web.exposure.include=jdlt").run(context -> {
            WebEndpointResponse<Map<String, Object>> refused = context.getBean(JdltEndpoint.class).run("cities");
            assertThat(refused.getStatus()).isEqualTo(403);
            assertThat(context.getBean(ManagedPipelines.class).get("cities").lastRun()).isEmpty();
        });
        runner().withPropertyValues("management.endpoints.web.exposure.include=jdlt", "jdlt.actuator-run-enabled=true")
                .run(context -> {
                    JdltEndpoint endpoint = context.getBean(JdltEndpoint.class);
                    assertThat(endpoint.run("nope").getStatus()).isEqualTo(404);
                    WebEndpointResponse<Map<String, Object>> started = endpoint.run("cities");
                    assertThat(started.getStatus()).isEqualTo(202);
                    ManagedPipeline pipeline = context.getBean(ManagedPipelines.class).get("cities");
                    Instant deadline = Instant.now().plusSeconds(10);
                    while (pipeline.lastRun().isEmpty() && Instant.now().isBefore(deadline)) {
                        Thread.sleep(20);
                    }
                    assertThat(pipeline.lastRun()).get().extracting(ManagedPipeline.RunRecord::trigger)
                            .isEqualTo("actuator");
                });
    }

    @Test
    void packageOperationsFromTheEndpointAreOffUnlessEnabledThenRetryAndDropPackages() {
        runner().withPropertyValues("management.endpoints.web.exposure.include=jdlt").run(context -> {
            io.jdlt.Pipeline pipeline = context.getBean(ManagedPipelines.class).get("cities").pipeline();
            pipeline.extract(Resource.of("cities", List.of(Map.of("name", "Oslo"))));
            String loadId = pipeline.pendingPackages().get(0).loadId();
            JdltEndpoint endpoint = context.getBean(JdltEndpoint.class);
            assertThat(endpoint.retryPackage("cities", loadId).getStatus()).isEqualTo(403);
            assertThat(endpoint.dropPackage("cities", loadId).getStatus()).isEqualTo(403);
            assertThat(pipeline.pendingPackages()).hasSize(1);
        });
        runner().withPropertyValues("management.endpoints.web.exposure.include=jdlt",
                "jdlt.actuator-packages-enabled=true").run(context -> {
                    JdltEndpoint endpoint = context.getBean(JdltEndpoint.class);
                    io.jdlt.Pipeline pipeline = context.getBean(ManagedPipelines.class).get("cities").pipeline();
                    pipeline.extract(Resource.of("cities", List.of(Map.of("name", "Oslo"))));
                    String retried = pipeline.pendingPackages().get(0).loadId();
                    assertThat(endpoint.retryPackage("cities", "1.5").getStatus()).isEqualTo(404);
                    assertThat(endpoint.retryPackage("cities", retried).getStatus()).isEqualTo(202);
                    Instant deadline = Instant.now().plusSeconds(10);
                    while (!pipeline.pendingPackages().isEmpty() && Instant.now().isBefore(deadline)) {
                        Thread.sleep(20);
                    }
                    // the package the first context left pending is older, so it loads first
                    assertThat(pipeline.loadPackages(5)).extracting(p -> p.status().dltName()).containsOnly("loaded");
                    assertThat(pipeline.loadPackages(5)).extracting(io.jdlt.load.LoadPackageInfo::loadId)
                            .contains(retried);

                    pipeline.extract(Resource.of("cities", List.of(Map.of("name", "Rome"))));
                    String dropped = pipeline.pendingPackages().get(0).loadId();
                    WebEndpointResponse<Map<String, Object>> drop = endpoint.dropPackage("cities", dropped);
                    assertThat(drop.getStatus()).isEqualTo(200);
                    assertThat(drop.getBody().get("dropped").toString()).contains("status=aborted",
                            "failure=dropped by an operator");
                    assertThat(endpoint.pipeline("cities").abortedPackages())
                            .extracting(PipelineViews.LoadPackageDescriptor::loadId).containsExactly(dropped);
                    assertThat(endpoint.dropPackage("cities", dropped).getStatus()).isEqualTo(200);
                    assertThat(pipeline.abortedPackages()).isEmpty();
                    assertThat(endpoint.dropPackage("cities", dropped).getStatus()).isEqualTo(404);
                });
    }

    @Test
    void healthIsDownAfterAFailedRunOrWhenTheDestinationIsUnreachable() {
        runner().withBean("broken", Source.class, () -> Source.of("broken", Resource.builder("items")
                .emitter((ctx, out) -> {
                    throw new TerminalException("bad record");
                }).build()))
                .run(context -> {
                    JdltHealthIndicator health = context.getBean(JdltHealthIndicator.class);
                    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                    assertThatThrownBy(() -> context.getBean(ManagedPipelines.class).run("broken"));

                    Health after = health.health();
                    assertThat(after.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(after.getDetails().get("broken").toString()).contains("lastRun=failed",
                            "lastError=Resource 'items': failed while producing data: io.jdlt.common.TerminalException: bad record",
                            "reachable=yes", "pendingPackages=0");
                    assertThat(after.getDetails().get("cities").toString()).contains("lastRun=none");
                });
        runner().withPropertyValues("jdlt.pipelines.cities.destination=postgres",
                "destination.postgres.credentials=postgresql://loader:secret@127.0.0.1:1/nowhere")
                .run(context -> {
                    Health health = context.getBean(JdltHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails().get("cities").toString()).contains("reachable=no: ")
                            .doesNotContain("secret");
                });
        runner().withPropertyValues("management.health.jdlt.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(JdltHealthIndicator.class));
    }

    @Test
    void aFailedJobIsCountedEvenWhenItsRunRaises() {
        runner().withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class))
                .withBean("dupes", Source.class, () -> Source.of("dupes", Resource.builder("accounts")
                        .primaryKey("id").writeDisposition(io.jdlt.schema.WriteDisposition.merge(
                                io.jdlt.schema.MergeStrategy.UPSERT))
                        .emitter((ctx, out) -> out.emit(List.of(Map.of("id", 5), Map.of("id", 5)))).build()))
                .run(context -> {
                    assertThatThrownBy(() -> context.getBean(ManagedPipelines.class).run("dupes"))
                            .hasMessageContaining("appears 2 times in one load");
                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.get("jdlt.jobs").tags("pipeline", "dupes", "status", "failed").counter().count())
                            .isEqualTo(1);
                    assertThat(meters.find("jdlt.rows").tags("pipeline", "dupes").counter()).isNull();
                    ManagedPipeline.RunRecord run = context.getBean(ManagedPipelines.class).get("dupes").lastRun()
                            .orElseThrow();
                    assertThat(run.abortedPackage()).isNotNull();
                });
    }

    @Test
    void healthAnswersWhileAnotherPipelineLoadsIntoTheSameFile() {
        java.util.concurrent.CountDownLatch inLoad = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        runner().withBean("slow", Source.class, () -> Source.of("slow", Resource.of("items", List.of(Map.of("id", 1)))))
                .withBean(JdltPipelineCustomizer.class, () -> (name, builder) -> {
                    if (name.equals("slow")) {
                        builder.listener(new io.jdlt.common.PipelineListener() {
                            @Override
                            public void beforeLoadCommit(String loadId) {
                                inLoad.countDown();
                                try {
                                    release.await(10, java.util.concurrent.TimeUnit.SECONDS);
                                }
                                catch (InterruptedException ex) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                        });
                    }
                })
                .run(context -> {
                    // both pipelines load into app.duckdb; "slow" holds the file while its load waits
                    Thread load = new Thread(() -> context.getBean(ManagedPipelines.class).run("slow"));
                    load.start();
                    assertThat(inLoad.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                    long start = System.nanoTime();
                    Health health = context.getBean(JdltHealthIndicator.class).health();
                    assertThat((System.nanoTime() - start) / 1e9).isLessThan(2.0);
                    assertThat(health.getDetails().get("cities").toString()).contains("reachable=yes");
                    assertThat(health.getDetails().get("slow").toString()).contains("reachable=running");
                    release.countDown();
                    load.join(10_000);
                });
    }
}
