package io.jdlt.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import io.jdlt.LoadInfo;
import io.jdlt.Pipeline;
import io.jdlt.config.Configuration;
import io.jdlt.destination.duckdb.DuckDbDestination;
import io.jdlt.spring.JdltPipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class JdltAutoConfigurationTest {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JdltAutoConfiguration.class));

    @TempDir
    Path dir;

    @Test
    void pipelinesUseTheConfiguredWorkingDirAndLoad() {
        contextRunner.withPropertyValues("jdlt.pipelines-dir=" + dir.resolve("pipelines")).run(context -> {
            assertThat(context).hasSingleBean(JdltPipelines.class);
            Pipeline pipeline = context.getBean(JdltPipelines.class).builder("spring_pipeline")
                    .destination(DuckDbDestination.at(dir.resolve("spring.duckdb")))
                    .datasetName("raw")
                    .build();
            assertThat(pipeline.workingDir()).isEqualTo(dir.resolve("pipelines").resolve("spring_pipeline"));
            LoadInfo info = pipeline.run(List.of(Map.of("id", 1), Map.of("id", 2)), "items");
            assertThat(info.hasFailedJobs()).isFalse();
            try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("spring.duckdb"));
                    ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM raw.items")) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(2);
            }
        });
    }

    @Test
    void devModePropertyGivesATimestampedDataset() {
        contextRunner.withPropertyValues("jdlt.pipelines-dir=" + dir, "jdlt.dev-mode=true").run(context -> {
            Pipeline pipeline = context.getBean(JdltPipelines.class).builder("dev_pipeline").datasetName("raw").build();
            assertThat(pipeline.datasetName()).matches("raw_\\d{14}");
        });
    }

    @Test
    void userDefinedBeanWins() {
        contextRunner.withBean(JdltPipelines.class, () -> new JdltPipelines(new JdltPipelines.Defaults("duckdb", null,
                null), Configuration.standard(), null) {
        }).run(context -> assertThat(context).hasSingleBean(JdltPipelines.class));
    }

    /** The default destination is core's, in the properties and in the metadata IDEs complete from. */
    @Test
    void theDefaultDestinationIsCoresEverywhere() throws Exception {
        assertThat(new JdltProperties().getDestination()).isEqualTo(io.jdlt.Jdlt.DEFAULT_DESTINATION);
        try (java.io.InputStream metadata = getClass().getResourceAsStream(
                "/META-INF/spring-configuration-metadata.json")) {
            tools.jackson.databind.JsonNode destination = new tools.jackson.databind.json.JsonMapper()
                    .readTree(metadata).get("properties").valueStream()
                    .filter(property -> property.get("name").asString().equals("jdlt.destination")).findFirst()
                    .orElseThrow();
            assertThat(destination.get("defaultValue").asString()).isEqualTo(io.jdlt.Jdlt.DEFAULT_DESTINATION);
        }
    }
}
