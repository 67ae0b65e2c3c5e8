package io.jdlt.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.jdlt.Pipeline;
import io.jdlt.config.ConfigMissingException;
import io.jdlt.config.Configuration;
import io.jdlt.config.Secret;
import io.jdlt.destination.duckdb.DuckDbDestination;
import io.jdlt.spring.JdltPipelines;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * dlt's configuration under Spring: the Spring Environment first (properties, YAML, relaxed environment variables),
 * then dlt's environment variables and TOML files; the seed's examples resolve exactly as in plain Java.
 */
class JdltConfigurationTest {

    /** The seed's Snowflake-style credentials block, as in the plain-Java test of jdlt-core. */
    record SnowflakeCredentials(String database, String username, @Secret String password, String host,
            String warehouse, @Nullable String role) {
    }

    private static final SnowflakeCredentials SEED_CREDENTIALS = new SnowflakeCredentials("analytics", "loader",
            "s3cret", "acct.snowflakecomputing.com", "LOAD_WH", "LOADER");

    @TempDir
    Path dir;

    /** An application with no environment variables: the process's own stay out of the tests. */
    private ApplicationContextRunner runner() {
        return withEnvironment(new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JdltAutoConfiguration.class))
                .withPropertyValues("jdlt.project-dir=" + dir, "jdlt.global-settings-dir=" + dir.resolve("home"),
                        "jdlt.pipelines-dir=" + dir.resolve("pipelines")), Map.of());
    }

    /** Environment variables as the process would have them, without changing the JVM's real environment. */
    private static ApplicationContextRunner withEnvironment(ApplicationContextRunner runner, Map<String, Object> env) {
        return runner.withInitializer(context -> context.getEnvironment().getPropertySources().replace(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env)));
    }

    private static void assertSeedResolves(Configuration config) {
        assertThat(config.source("github_pipeline", "github").secret("token")).isEqualTo("ghp_abc123");
        assertThat(config.destination("github_pipeline", "snowflake").bind("credentials", SnowflakeCredentials.class))
                .isEqualTo(SEED_CREDENTIALS);
    }

    @Test
    void theSeedsSecretsAsApplicationPropertiesResolve() {
        // what the seed's secrets.toml says, written in application.yml
        runner().withPropertyValues("sources.github.token=ghp_abc123",
                "destination.snowflake.credentials.database=analytics",
                "destination.snowflake.credentials.username=loader",
                "destination.snowflake.credentials.password=s3cret",
                "destination.snowflake.credentials.host=acct.snowflakecomputing.com",
                "destination.snowflake.credentials.warehouse=LOAD_WH",
                "destination.snowflake.credentials.role=LOADER")
                .run(context -> assertSeedResolves(context.getBean(Configuration.class)));
    }

    @Test
    void theSeedsSecretsTomlResolves() throws IOException {
        Files.createDirectories(dir.resolve(".dlt"));
        Files.writeString(dir.resolve(".dlt/secrets.toml"), """
                [sources.github]
                token = "ghp_abc123"

                [destination.snowflake.credentials]
                database = "analytics"
                username = "loader"
                password = "s3cret"
                host = "acct.snowflakecomputing.com"
                warehouse = "LOAD_WH"
                role = "LOADER"
                """);
        runner().run(context -> assertSeedResolves(context.getBean(Configuration.class)));
    }

    @Test
    void theSeedsEnvironmentVariablesResolve() {
        withEnvironment(runner(), Map.of(
                "SOURCES__GITHUB__TOKEN", "ghp_abc123",
                "DESTINATION__SNOWFLAKE__CREDENTIALS__DATABASE", "analytics",
                "DESTINATION__SNOWFLAKE__CREDENTIALS__USERNAME", "loader",
                "DESTINATION__SNOWFLAKE__CREDENTIALS__PASSWORD", "s3cret",
                "DESTINATION__SNOWFLAKE__CREDENTIALS__HOST", "acct.snowflakecomputing.com",
                "DESTINATION__SNOWFLAKE__CREDENTIALS__WAREHOUSE", "LOAD_WH",
                "DESTINATION__SNOWFLAKE__CREDENTIALS__ROLE", "LOADER"))
                .run(context -> assertSeedResolves(context.getBean(Configuration.class)));
    }

    @Test
    void springStyleEnvironmentVariablesResolveToo() {
        withEnvironment(runner(), Map.of("SOURCES_GITHUB_TOKEN", "ghp_spring_style"))
                .run(context -> assertThat(context.getBean(Configuration.class).source(null, "github")
                        .secret("token")).isEqualTo("ghp_spring_style"));
    }

    @Test
    void relaxedBindingFindsDltsSnakeCaseKeysInAnyForm() {
        for (String property : List.of("sources.github.access-token=t", "sources.github.accessToken=t",
                "sources.github.access_token=t")) {
            runner().withPropertyValues(property).run(context -> assertThat(context.getBean(Configuration.class)
                    .source("p", "github").secret("access_token")).as(property).isEqualTo("t"));
        }
    }

    @Test
    void theSpringEnvironmentComesBeforeDltsEnvironmentVariablesAndTomlFiles() throws IOException {
        Files.createDirectories(dir.resolve(".dlt"));
        Files.writeString(dir.resolve(".dlt/config.toml"), "[sources.github]\nper_page = 10\norg = \"from-toml\"\n");
        withEnvironment(runner().withPropertyValues("sources.github.per_page=50"),
                Map.of("SOURCES__GITHUB__ORG", "from-env"))
                .run(context -> {
                    Configuration config = context.getBean(Configuration.class);
                    assertThat(config.providers().get(0).name()).isEqualTo("Spring Environment");
                    assertThat(config.providers().get(1).name()).isEqualTo("environment variables");
                    assertThat(config.source(null, "github").find("per_page").orElseThrow().provider())
                            .isEqualTo("Spring Environment");
                    assertThat(config.source(null, "github").value("per_page")).isEqualTo("50");
                    assertThat(config.source(null, "github").value("org")).isEqualTo("from-env");
                });
    }

    @Test
    void aMissingSecretNamesTheSpringKeysAndTheEnvironmentVariables() {
        runner().run(context -> assertThatThrownBy(() -> context.getBean(JdltPipelines.class)
                .sourceConfig("github_pipeline", "github").secret("token"))
                .isInstanceOf(ConfigMissingException.class)
                .hasMessageContaining("Spring Environment: github_pipeline.sources.github.github.token")
                .hasMessageContaining("environment variables: GITHUB_PIPELINE__SOURCES__GITHUB__GITHUB__TOKEN")
                .hasMessageContaining(", SOURCES__GITHUB__TOKEN,"));
    }

    @Test
    void dltStyleKeysInApplicationPropertiesConfigurePipelines() {
        runner().withPropertyValues("github_pipeline.dataset_name=raw_github", "extract.workers=2",
                "load.raise_on_failed_jobs=false").run(context -> {
                    Pipeline pipeline = context.getBean(JdltPipelines.class).builder("github_pipeline")
                            .destination(DuckDbDestination.at(dir.resolve("settings.duckdb"))).build();
                    assertThat(pipeline.datasetName()).isEqualTo("raw_github");
                    assertThat(pipeline.effectiveSettings()).containsEntry("extract.workers", 2)
                            .containsEntry("load.raise_on_failed_jobs", false);
                });
    }

    @Test
    void aDestinationWithoutCredentialsLoadsIntoTheApplicationsDataSource() {
        Path database = dir.resolve("app.duckdb");
        runner().withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:duckdb:" + database,
                        "spring.datasource.driver-class-name=org.duckdb.DuckDBDriver", "jdlt.destination=duckdb")
                .run(context -> {
                    Pipeline pipeline = context.getBean(JdltPipelines.class).builder("app_pipeline")
                            .datasetName("raw").build();
                    pipeline.run(List.of(Map.of("id", 1), Map.of("id", 2)), "items");

                    assertThat(((DuckDbDestination) pipeline.destination()).databaseFile()).isEqualTo(database);
                    JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
                    assertThat(jdbc.queryForObject("SELECT count(*) FROM raw.items", Long.class)).isEqualTo(2L);
                });
    }

    @Test
    void idesCompleteJdltPropertiesAndDltSections() throws IOException {
        try (var metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(metadata).isNotNull();
            String json = new String(metadata.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(json).contains("\"jdlt.project-dir\"", "\"jdlt.pipelines-dir\"", "\"extract.workers\"",
                    "\"data-writer.file-max-items\"", "\"load.raise-on-failed-jobs\"", "\"runtime.request-timeout\"",
                    "\"sources\"", "\"destination\"");
        }
    }
}
