package io.jdlt.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.jdlt.config.Configuration;
import io.jdlt.extract.Resource;
import io.jdlt.extract.Source;
import io.jdlt.spring.JdltPipelines;
import io.jdlt.spring.ManagedPipelines;
import io.jdlt.spring.actuate.JdltEndpoint;
import io.jdlt.spring.actuate.JdltHealthIndicator;
import io.jdlt.spring.actuate.JdltMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Every bean the starter makes gives way to the application's own, and each part needs only what it uses. */
class JdltBackOffTest {

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return StarterContexts.withAllAutoConfigurations(dir)
                .withPropertyValues("management.endpoints.web.exposure.include=jdlt")
                .withBean("cities", Source.class, () -> Source.of("cities", Resource.of("cities",
                        List.of(Map.of("name", "Berlin")))));
    }

    @Test
    void everyPartIsThereByDefault() {
        runner().run(context -> assertThat(context).hasSingleBean(Configuration.class)
                .hasSingleBean(JdltPipelines.class).hasSingleBean(ManagedPipelines.class)
                .hasSingleBean(JdltScheduler.class).hasSingleBean(JdltMetrics.class).hasSingleBean(JdltEndpoint.class)
                .hasBean("jdltHealthIndicator"));
    }

    @Test
    void theApplicationsOwnBeansWin() {
        ManagedPipelines own = ManagedPipelines.of(java.util.List.of(), new io.jdlt.spring.JdltPipelines(
                new io.jdlt.spring.JdltPipelines.Defaults("duckdb", null, null), io.jdlt.config.Configuration.standard(),
                null), io.micrometer.observation.ObservationRegistry.NOOP, java.util.List.of(), java.util.List.of(),
                java.time.Duration.ZERO);
        Configuration ownConfiguration = Configuration.of();
        runner().withBean(Configuration.class, () -> ownConfiguration)
                .withBean(ManagedPipelines.class, () -> own)
                .withBean(JdltScheduler.class, () -> new JdltScheduler(own))
                .withBean(JdltMetrics.class, () -> new JdltMetrics(null))
                .withBean(JdltEndpoint.class, () -> new JdltEndpoint(own, false, false))
                .withBean("jdltHealthIndicator", HealthIndicator.class, () -> () -> null)
                .run(context -> {
                    assertThat(context).hasSingleBean(ManagedPipelines.class).hasSingleBean(JdltScheduler.class)
                            .hasSingleBean(JdltMetrics.class).hasSingleBean(JdltEndpoint.class)
                            .doesNotHaveBean(JdltHealthIndicator.class);
                    assertThat(context.getBean(ManagedPipelines.class)).isSameAs(own);
                    assertThat(context.getBean(Configuration.class)).isSameAs(ownConfiguration);
                });
    }

    @Test
    void withoutActuatorThereIsNoEndpointAndNoHealthButPipelinesRun() {
        runner().withClassLoader(new FilteredClassLoader(Endpoint.class, HealthIndicator.class)).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(JdltEndpoint.class)
                    .doesNotHaveBean(JdltHealthIndicator.class);
            context.getBean(ManagedPipelines.class).run("cities");
        });
    }

    @Test
    void withoutMicrometerMetricsThereAreNoMeters() {
        runner().withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(JdltMetrics.class);
            context.getBean(ManagedPipelines.class).run("cities");
        });
    }

    @Test
    void withoutAnObservationRegistryRunsAreNotObserved() {
        runner().run(context -> {
            assertThat(context).doesNotHaveBean(io.micrometer.observation.ObservationRegistry.class);
            assertThat(context.getBean(ManagedPipelines.class).run("cities").rowCounts()).containsEntry("cities", 1L);
        });
    }
}
