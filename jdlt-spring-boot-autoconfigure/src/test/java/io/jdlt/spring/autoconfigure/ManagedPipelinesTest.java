package io.jdlt.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.jdlt.LoadInfo;
import io.jdlt.common.PipelineListener;
import io.jdlt.common.PipelineStage;
import io.jdlt.common.TerminalException;
import io.jdlt.common.TransientException;
import io.jdlt.destination.RunLock;
import io.jdlt.extract.JdltResource;
import io.jdlt.extract.JdltSource;
import io.jdlt.extract.Resource;
import io.jdlt.extract.Source;
import io.jdlt.spring.JdltPipelineCustomizer;
import io.jdlt.spring.ManagedPipeline;
import io.jdlt.spring.ManagedPipelines;
import io.jdlt.spring.PipelineBusyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans and YAML become pipelines; runs by name, on a schedule, never overlapping, retried when transient. */
class ManagedPipelinesTest {

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JdltAutoConfiguration.class))
                .withPropertyValues("jdlt.pipelines-dir=" + dir.resolve("pipelines"),
                        "jdlt.project-dir=" + dir, "jdlt.global-settings-dir=" + dir.resolve("home"),
                        // every pipeline's DuckDB file in the test's folder
                        "destination.duckdb.credentials=" + dir.resolve("app.duckdb"));
    }

    private long count(String table) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("app.duckdb"));
                ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @JdltSource("github")
    static class GithubSource {
        final AtomicInteger calls = new AtomicInteger();

        @JdltResource(primaryKey = "id", writeDisposition = "merge")
        List<Map<String, Object>> issues() {
            calls.incrementAndGet();
            return List.of(Map.of("id", 1, "title", "first"), Map.of("id", 2, "title", "second"));
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class GithubConfiguration {
        @Bean
        GithubSource githubSource() {
            return new GithubSource();
        }
    }

    @Test
    void aJdltSourceBeanBecomesAPipelineNamedAfterItsSource() {
        runner().withUserConfiguration(GithubConfiguration.class).run(context -> {
            ManagedPipelines pipelines = context.getBean(ManagedPipelines.class);
            assertThat(pipelines.names()).containsExactly("github");

            LoadInfo info = pipelines.run("github");

            assertThat(info.rowCounts()).containsEntry("issues", 2L);
            assertThat(count("github_dataset.issues")).isEqualTo(2);
            ManagedPipeline.RunRecord run = pipelines.get("github").lastRun().orElseThrow();
            assertThat(run.outcome()).isEqualTo(ManagedPipeline.Outcome.SUCCEEDED);
            assertThat(run.trigger()).isEqualTo("manual");
            assertThat(run.attempts()).isEqualTo(1);
        });
    }

    @Test
    void aDeclaredPipelineNamesItsSourceDestinationAndDataset() {
        runner().withUserConfiguration(GithubConfiguration.class)
                .withPropertyValues("jdlt.pipelines.github_hourly.source=github",
                        "jdlt.pipelines.github_hourly.dataset-name=raw_github",
                        "jdlt.pipelines.github_hourly.destination=duckdb")
                .run(context -> {
                    ManagedPipelines pipelines = context.getBean(ManagedPipelines.class);
                    // the source is taken: no second pipeline is made for it
                    assertThat(pipelines.names()).containsExactly("github_hourly");
                    pipelines.run("github_hourly");
                    assertThat(count("raw_github.issues")).isEqualTo(2);
                    assertThatThrownBy(() -> pipelines.run("github")).isInstanceOf(IllegalArgumentException.class)
                            .hasMessage("no jdlt pipeline named 'github'; pipelines: [github_hourly]");
                });
    }

    @Test
    void aSourceBeanBecomesAPipelineAndADisabledOneDoesNot() {
        runner().withBean("cities", Source.class, () -> Source.of("cities", Resource.of("cities",
                List.of(Map.of("name", "Berlin"), Map.of("name", "Lisbon")))))
                .withUserConfiguration(GithubConfiguration.class)
                .withPropertyValues("jdlt.pipelines.github.enabled=false")
                .run(context -> {
                    ManagedPipelines pipelines = context.getBean(ManagedPipelines.class);
                    assertThat(pipelines.names()).containsExactly("cities");
                    pipelines.run("cities");
                    assertThat(count("cities_dataset.cities")).isEqualTo(2);
                });
    }

    @Test
    void anUnknownSourceStopsTheApplicationNamingTheKnownOnes() {
        runner().withUserConfiguration(GithubConfiguration.class)
                .withPropertyValues("jdlt.pipelines.orders.source=shop")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessage("jdlt.pipelines.orders.source: no @JdltSource bean, Source bean or "
                                + "jdlt.rest-api-sources entry is named 'shop'; sources: [github]"));
    }

    @Test
    void twoSourcesOfOneNameStopTheApplication() {
        runner().withUserConfiguration(GithubConfiguration.class)
                .withBean("otherGithub", Source.class, () -> Source.of("github", Resource.of("x", List.of())))
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("two sources are named 'github'"));
    }

    @Test
    void aRestApiSourceDeclaredInConfigurationRuns() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/issues", exchange -> {
            String page = exchange.getRequestURI().getQuery() != null
                    && exchange.getRequestURI().getQuery().contains("&page=2") || exchange.getRequestURI().getQuery().startsWith("page=2")
                    ? "{\"items\": [{\"id\": 3, \"labels\": [\"bug\"]}], \"next\": null}"
                    : "{\"items\": [{\"id\": 1, \"labels\": []}, {\"id\": 2, \"labels\": [\"a\", \"b\"]}], "
                            + "\"next\": \"http://127.0.0.1:" + exchange.getLocalAddress().getPort()
                            + "/api/issues?page=2\"}";
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String base = "jdlt.rest-api-sources.tracker.";
            runner().withPropertyValues(base + "client.base-url=http://127.0.0.1:" + server.getAddress().getPort()
                            + "/api/", base + "client.paginator.type=json_link",
                            base + "client.paginator.next-url-path=next",
                            base + "resources[0].name=issues", base + "resources[0].endpoint.path=issues",
                            base + "resources[0].endpoint.data-selector=items",
                            base + "resources[0].endpoint.params.per_page=50",
                            base + "resources[0].primary-key=id", base + "resources[0].write-disposition=merge",
                            "jdlt.pipelines.tracker.schedule=0 0 3 * * *")
                    .run(context -> {
                        ManagedPipelines pipelines = context.getBean(ManagedPipelines.class);
                        assertThat(pipelines.names()).containsExactly("tracker");
                        assertThat(pipelines.get("tracker").schedule()).isEqualTo("0 0 3 * * *");
                        pipelines.run("tracker");
                        pipelines.run("tracker");
                        assertThat(count("tracker_dataset.issues")).isEqualTo(3);
                        assertThat(count("tracker_dataset.issues__labels")).isEqualTo(3);
                    });
        }
        finally {
            server.stop(0);
        }
    }

    @Test
    void customizersAdjustEveryPipeline() {
        List<String> stages = new ArrayList<>();
        runner().withUserConfiguration(GithubConfiguration.class)
                .withBean(JdltPipelineCustomizer.class, () -> (name, builder) -> builder.datasetName(name + "_custom")
                        .listener(new PipelineListener() {
                            @Override
                            public void stageStarted(PipelineStage stage) {
                                stages.add(name + ":" + stage.label());
                            }
                        }))
                .run(context -> {
                    context.getBean(ManagedPipelines.class).run("github");
                    assertThat(count("github_custom.issues")).isEqualTo(2);
                    assertThat(stages).containsExactly("github:extract", "github:normalize", "github:load");
                });
    }

    @Test
    void aScheduledPipelineRunsOnItsCronExpression() {
        runner().withUserConfiguration(GithubConfiguration.class)
                .withPropertyValues("jdlt.pipelines.github.schedule=* * * * * *")
                .run(context -> {
                    assertThat(context).hasSingleBean(JdltScheduler.class);
                    ManagedPipeline pipeline = context.getBean(ManagedPipelines.class).get("github");
                    Instant deadline = Instant.now().plusSeconds(10);
                    while (pipeline.lastRun().isEmpty() && Instant.now().isBefore(deadline)) {
                        Thread.sleep(50);
                    }
                    assertThat(pipeline.lastRun()).get().extracting(ManagedPipeline.RunRecord::trigger)
                            .isEqualTo("schedule");
                });
        runner().withUserConfiguration(GithubConfiguration.class)
                .withPropertyValues("jdlt.pipelines.github.schedule=* * * * * *", "jdlt.scheduling-enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(JdltScheduler.class));
    }

    @Test
    void runsOfOnePipelineNeverOverlap() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        runner().withBean("slow", Source.class, () -> Source.of("slow", Resource.builder("items")
                .emitter((ctx, out) -> {
                    started.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    out.emit(Map.of("id", 1));
                }).build()))
                .run(context -> {
                    ManagedPipeline pipeline = context.getBean(ManagedPipelines.class).get("slow");
                    Thread first = new Thread(pipeline::run);
                    first.start();
                    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

                    assertThat(pipeline.isRunning()).isTrue();
                    assertThatThrownBy(pipeline::run).isInstanceOf(PipelineBusyException.class)
                            .hasMessage("pipeline slow is running already in this application");
                    assertThat(pipeline.runIfIdle("schedule")).isEmpty();

                    release.countDown();
                    first.join(10_000);
                    assertThat(count("slow_dataset.items")).isEqualTo(1);
                });
    }

    @Test
    void aRunLockHeldAtTheDestinationByAnotherInstanceSkipsTheRun() {
        runner().withUserConfiguration(GithubConfiguration.class).run(context -> {
            ManagedPipeline pipeline = context.getBean(ManagedPipelines.class).get("github");
            // what another replica holds while it runs the same pipeline into the same dataset
            try (RunLock otherInstance = pipeline.pipeline().destination()
                    .tryLockRun(pipeline.pipeline().datasetName(), "github").orElseThrow()) {
                assertThatThrownBy(pipeline::run).isInstanceOf(PipelineBusyException.class)
                        .hasMessageContaining("another run of pipeline github holds its lock at duckdb");
                assertThat(pipeline.runIfIdle("schedule")).isEmpty();
            }
            // a skipped run is no run: nothing recorded, nothing loaded
            assertThat(pipeline.lastRun()).isEmpty();
            pipeline.run();
            assertThat(pipeline.lastRun()).isPresent();
        });
    }

    @Test
    void transientFailuresAreRetriedAndDataErrorsAreNot() {
        AtomicInteger flaky = new AtomicInteger();
        AtomicInteger broken = new AtomicInteger();
        runner().withBean("flaky", Source.class, () -> Source.of("flaky", Resource.builder("items")
                .emitter((ctx, out) -> {
                    if (flaky.incrementAndGet() < 3) {
                        throw new TransientException("connection reset");
                    }
                    out.emit(Map.of("id", 1));
                }).build()))
                .withBean("broken", Source.class, () -> Source.of("broken", Resource.builder("items")
                        .emitter((ctx, out) -> {
                            broken.incrementAndGet();
                            throw new TerminalException("bad record");
                        }).build()))
                .withPropertyValues("jdlt.pipelines.flaky.retry.delay=10ms", "jdlt.pipelines.broken.retry.delay=10ms")
                .run(context -> {
                    ManagedPipelines pipelines = context.getBean(ManagedPipelines.class);
                    pipelines.run("flaky");
                    assertThat(pipelines.get("flaky").lastRun()).get()
                            .extracting(ManagedPipeline.RunRecord::attempts).isEqualTo(3);
                    assertThat(count("flaky_dataset.items")).isEqualTo(1);

                    assertThatThrownBy(() -> pipelines.run("broken")).hasMessageContaining("bad record");
                    assertThat(broken.get()).isEqualTo(1);
                    ManagedPipeline.RunRecord failed = pipelines.get("broken").lastRun().orElseThrow();
                    assertThat(failed.outcome()).isEqualTo(ManagedPipeline.Outcome.FAILED);
                    assertThat(failed.error()).contains("bad record");
                });
    }

    /** A destination that cannot work with any input (here a file that is not a DuckDB database) is not retried. */
    @Test
    void aDestinationThatCannotWorkWithAnyInputIsNotRetried() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("garbage.duckdb"), "not a database, " + "x".repeat(4096));
        AtomicInteger attempts = new AtomicInteger();
        runner().withBean("shop", Source.class, () -> Source.of("shop", Resource.builder("items")
                .emitter((ctx, out) -> {
                    attempts.incrementAndGet();
                    out.emit(Map.of("id", 1));
                }).build()))
                .withPropertyValues("destination.duckdb.credentials=" + dir.resolve("garbage.duckdb"),
                        "jdlt.pipelines.shop.retry.max-retries=3", "jdlt.pipelines.shop.retry.delay=5ms")
                .run(context -> {
                    ManagedPipelines pipelines = context.getBean(ManagedPipelines.class);
                    assertThatThrownBy(() -> pipelines.run("shop")).isInstanceOf(TerminalException.class)
                            .hasMessageContaining("garbage.duckdb").hasMessageNotContaining("write lock");
                    assertThat(pipelines.get("shop").lastRun()).get().extracting(ManagedPipeline.RunRecord::attempts)
                            .isEqualTo(1);
                    assertThat(attempts.get()).isEqualTo(0);
                });
    }

    @Test
    void retriesStopAtMaxRetries() {
        AtomicInteger attempts = new AtomicInteger();
        runner().withBean("down", Source.class, () -> Source.of("down", Resource.builder("items")
                .emitter((ctx, out) -> {
                    attempts.incrementAndGet();
                    throw new TransientException("server down");
                }).build()))
                .withPropertyValues("jdlt.pipelines.down.retry.max-retries=2", "jdlt.pipelines.down.retry.delay=5ms")
                .run(context -> {
                    assertThatThrownBy(() -> context.getBean(ManagedPipelines.class).run("down"))
                            .hasMessageContaining("server down");
                    assertThat(attempts.get()).isEqualTo(3);
                });
    }

    @Test
    void aLongRunLogsItsProgress() {
        CountDownLatch release = new CountDownLatch(1);
        List<String> lines = new ArrayList<>();
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("io.jdlt.spring.RunProgressLog");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            runner().withBean("long", Source.class, () -> Source.of("long", Resource.builder("items")
                    .emitter((ctx, out) -> {
                        for (int i = 0; i < 500; i++) {
                            out.emit(Map.of("id", i));
                        }
                        release.await(600, TimeUnit.MILLISECONDS);
                    }).build()))
                    .withPropertyValues("jdlt.progress-log-interval=100ms")
                    .run(context -> context.getBean(ManagedPipelines.class).run("long"));
            appender.list.forEach(event -> lines.add(event.getFormattedMessage()));
            assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("Pipeline long: extract for ")
                    .contains(": 500 items extracted ("));
        }
        finally {
            logger.detachAppender(appender);
        }
    }

}
