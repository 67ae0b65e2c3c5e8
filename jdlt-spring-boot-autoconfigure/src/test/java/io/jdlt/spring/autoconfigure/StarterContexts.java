package io.jdlt.spring.autoconfigure;

import java.nio.file.Path;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** An application with every jdlt auto-configuration, its files (working dirs, DuckDB, .dlt) in a test's folder. */
final class StarterContexts {

    private StarterContexts() {
    }

    static ApplicationContextRunner withAllAutoConfigurations(Path dir) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JdltAutoConfiguration.class,
                        JdltMetricsAutoConfiguration.class, JdltEndpointAutoConfiguration.class,
                        JdltHealthContributorAutoConfiguration.class))
                .withPropertyValues("jdlt.pipelines-dir=" + dir.resolve("pipelines"), "jdlt.project-dir=" + dir,
                        "jdlt.global-settings-dir=" + dir.resolve("home"),
                        "destination.duckdb.credentials=" + dir.resolve("app.duckdb"));
    }
}
