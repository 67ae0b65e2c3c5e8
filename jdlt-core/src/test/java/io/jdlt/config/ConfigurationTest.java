package io.jdlt.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.jdlt.common.TerminalException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider chain: its order, environment variables, TOML files, required values, secrets and masking. */
class ConfigurationTest {

    @TempDir
    Path dir;

    /** The seed's Snowflake-style credentials block, as dlt's credentials spec would declare it. */
    record SnowflakeCredentials(String database, String username, @Secret String password, String host,
            String warehouse, @Nullable String role) {
    }

    private Path settings() throws IOException {
        return Files.createDirectories(dir.resolve("project/.dlt"));
    }

    private Configuration chain(Map<String, String> environment) {
        return Configuration.of(new EnvironmentVariables(environment, dir.resolve("run-secrets")),
                TomlFile.secrets(dir.resolve("project/.dlt")), TomlFile.config(dir.resolve("project/.dlt")));
    }

    /** The seed's secrets.toml, word for word. */
    private void writeSeedSecretsToml() throws IOException {
        Files.writeString(settings().resolve("secrets.toml"), """
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
    }

    /** The same values as environment variables, the way CI and production set them. */
    private static final Map<String, String> SEED_ENVIRONMENT = Map.of(
            "SOURCES__GITHUB__TOKEN", "ghp_abc123",
            "DESTINATION__SNOWFLAKE__CREDENTIALS__DATABASE", "analytics",
            "DESTINATION__SNOWFLAKE__CREDENTIALS__USERNAME", "loader",
            "DESTINATION__SNOWFLAKE__CREDENTIALS__PASSWORD", "s3cret",
            "DESTINATION__SNOWFLAKE__CREDENTIALS__HOST", "acct.snowflakecomputing.com",
            "DESTINATION__SNOWFLAKE__CREDENTIALS__WAREHOUSE", "LOAD_WH",
            "DESTINATION__SNOWFLAKE__CREDENTIALS__ROLE", "LOADER");

    private static final SnowflakeCredentials SEED_CREDENTIALS = new SnowflakeCredentials("analytics", "loader",
            "s3cret", "acct.snowflakecomputing.com", "LOAD_WH", "LOADER");

    @Test
    void theSeedsSecretsTomlResolves() throws IOException {
        writeSeedSecretsToml();
        Configuration config = chain(Map.of());

        assertThat(config.source("github_pipeline", "github").secret("token")).isEqualTo("ghp_abc123");
        assertThat(config.destination("github_pipeline", "snowflake").bind("credentials", SnowflakeCredentials.class))
                .isEqualTo(SEED_CREDENTIALS);
    }

    @Test
    void theSeedsEnvironmentVariablesResolveIdentically() {
        Configuration config = chain(SEED_ENVIRONMENT);

        assertThat(config.source("github_pipeline", "github").secret("token")).isEqualTo("ghp_abc123");
        assertThat(config.destination("github_pipeline", "snowflake").bind("credentials", SnowflakeCredentials.class))
                .isEqualTo(SEED_CREDENTIALS);
    }

    @Test
    void environmentVariablesOverrideSecretsTomlFieldByField() throws IOException {
        writeSeedSecretsToml();
        // the seed's CI example: only the password comes from the environment
        Configuration config = chain(Map.of("DESTINATION__SNOWFLAKE__CREDENTIALS__PASSWORD", "from-env"));

        SnowflakeCredentials credentials = config.destination("p", "snowflake").bind("credentials",
                SnowflakeCredentials.class);

        assertThat(credentials.password()).isEqualTo("from-env");
        assertThat(credentials.username()).isEqualTo("loader");
    }

    @Test
    void providersAreAskedInOrderFirstMatchWins() throws IOException {
        Files.writeString(settings().resolve("secrets.toml"), "[sources.github]\nbase_url = \"from-secrets\"\n");
        Files.writeString(settings().resolve("config.toml"), """
                [sources.github]
                base_url = "from-config"
                page_size = 50
                """);
        Configuration config = chain(Map.of());
        Configuration withEnv = chain(Map.of("SOURCES__GITHUB__BASE_URL", "from-env"));

        assertThat(config.source(null, "github").value("base_url")).isEqualTo("from-secrets");
        assertThat(withEnv.source(null, "github").value("base_url")).isEqualTo("from-env");
        ResolvedValue pageSize = config.source(null, "github").find("page_size").orElseThrow();
        assertThat(pageSize.asInt()).isEqualTo(50);
        assertThat(pageSize.provider()).startsWith("config.toml");
        assertThat(pageSize.providerKey()).isEqualTo("sources.github.page_size");
    }

    @Test
    void aPipelineScopedValueInALaterProviderBeatsAnUnscopedOneInAnEarlierProvider() throws IOException {
        Files.writeString(settings().resolve("secrets.toml"), """
                [sources.github]
                token = "shared"

                [github_pipeline.sources.github]
                token = "for-this-pipeline"
                """);
        Configuration config = chain(Map.of("SOURCES__GITHUB__TOKEN", "env-shared"));

        assertThat(config.source("github_pipeline", "github").secret("token")).isEqualTo("for-this-pipeline");
        assertThat(config.source("other_pipeline", "github").secret("token")).isEqualTo("env-shared");
        assertThat(chain(Map.of("GITHUB_PIPELINE__SOURCES__GITHUB__TOKEN", "env-scoped"))
                .source("github_pipeline", "github").secret("token")).isEqualTo("env-scoped");
    }

    @Test
    void moreSpecificSectionsWinWithinAProvider() throws IOException {
        Files.writeString(settings().resolve("config.toml"), """
                page_size = 1
                [sources]
                page_size = 2
                [sources.github]
                page_size = 3
                """);
        Configuration config = chain(Map.of());

        assertThat(config.source(null, "github").value("page_size")).isEqualTo("3");
        assertThat(config.source(null, "gitlab").value("page_size")).isEqualTo("2");
        assertThat(config.section(null, "extract").value("page_size")).isEqualTo("1");
    }

    @Test
    void dottedTomlKeysAreSections() throws IOException {
        Files.writeString(settings().resolve("secrets.toml"), "sources.github.token = \"dotted\"\n");

        assertThat(chain(Map.of()).source(null, "github").secret("token")).isEqualTo("dotted");
    }

    @Test
    void aDockerSecretFileIsReadForSecretsOnly() throws IOException {
        Path secrets = Files.createDirectories(dir.resolve("run-secrets"));
        Files.writeString(secrets.resolve("sources--github--token"), "from-docker-secret\n");
        Files.writeString(secrets.resolve("sources--github--base-url"), "not-a-secret");
        Configuration config = chain(Map.of());

        assertThat(config.source(null, "github").secret("token")).isEqualTo("from-docker-secret");
        assertThat(config.source(null, "github").find("base_url", false)).isEmpty();
    }

    @Test
    void aMissingValueListsEveryKeyAndEnvironmentVariableTried() {
        Configuration config = chain(Map.of());

        assertThatThrownBy(() -> config.source("github_pipeline", "github").secret("token"))
                .isInstanceOf(ConfigMissingException.class)
                .hasMessageStartingWith("Missing configuration for source github: secret sources.github.token.")
                .hasMessageContaining("environment variables: GITHUB_PIPELINE__SOURCES__GITHUB__GITHUB__TOKEN, "
                        + "GITHUB_PIPELINE__SOURCES__GITHUB__TOKEN, GITHUB_PIPELINE__SOURCES__TOKEN, "
                        + "GITHUB_PIPELINE__TOKEN, SOURCES__GITHUB__GITHUB__TOKEN, SOURCES__GITHUB__TOKEN, "
                        + "SOURCES__TOKEN, TOKEN")
                .hasMessageContaining("secrets.toml (" + dir.resolve("project/.dlt").toAbsolutePath() + "): "
                        + "github_pipeline.sources.github.github.token, github_pipeline.sources.github.token, ")
                .hasMessageContaining("config.toml (")
                .hasMessageEndingWith("Set e.g. the environment variable SOURCES__GITHUB__TOKEN, or [sources.github] "
                        + "token = \"...\" in .dlt/secrets.toml");
    }

    @Test
    void allMissingFieldsOfACredentialsBlockFailTogether() {
        Configuration config = chain(Map.of("DESTINATION__SNOWFLAKE__CREDENTIALS__HOST", "h"));

        assertThatThrownBy(() -> config.destination(null, "snowflake").bind("credentials", SnowflakeCredentials.class))
                .isInstanceOfSatisfying(ConfigMissingException.class, missing -> assertThat(missing.missingNames())
                        .containsExactly("destination.snowflake.credentials.database",
                                "destination.snowflake.credentials.username",
                                "destination.snowflake.credentials.password",
                                "destination.snowflake.credentials.warehouse"))
                .hasMessageContaining("DESTINATION__SNOWFLAKE__CREDENTIALS__PASSWORD, DESTINATION__CREDENTIALS__PASSWORD,"
                        + " CREDENTIALS__PASSWORD");
    }

    @Test
    void aSecretInConfigTomlIsRefusedWithoutShowingIt() throws IOException {
        Files.writeString(settings().resolve("config.toml"), "[sources.github]\ntoken = \"ghp_committed\"\n");

        assertThatThrownBy(() -> chain(Map.of()).source(null, "github").secret("token"))
                .isInstanceOf(TerminalException.class)
                .hasMessageContaining("secret sources.github.token was found as sources.github.token in config.toml")
                .hasMessageContaining("SOURCES__GITHUB__TOKEN")
                .hasMessageNotContaining("ghp_committed");
    }

    @Test
    void secretsAreMaskedWhenShown() {
        Configuration config = chain(SEED_ENVIRONMENT);

        ResolvedValue token = config.source(null, "github").resolve(ConfigField.secret("token"));
        ResolvedValue host = config.destination(null, "snowflake").find("credentials.host").orElseThrow();
        ResolvedValue password = config.destination(null, "snowflake").find("credentials.password").orElseThrow();

        assertThat(token).hasToString("sources.github.token = ****** (from environment variables: "
                + "SOURCES__GITHUB__TOKEN)");
        assertThat(password.toString()).doesNotContain("s3cret").contains("******");
        assertThat(host.toString()).contains("acct.snowflakecomputing.com");
        assertThat(Secrets.show("destination.postgres.credentials", "postgresql://u:pw@h/db")).isEqualTo("******");
        assertThat(Secrets.show("sources.github.api_key", "k")).isEqualTo("******");
        assertThat(Secrets.show("extract.workers", 5)).isEqualTo("5");
    }

    @Test
    void aValueOfTheWrongTypeNamesItsKeyAndWhereItCameFrom() {
        Configuration config = chain(Map.of("EXTRACT__WORKERS", "five"));

        assertThatThrownBy(() -> config.section(null).find("extract.workers").orElseThrow().asInt())
                .isInstanceOf(TerminalException.class)
                .hasMessage("extract.workers must be a whole number, was 'five' (from environment variables: "
                        + "EXTRACT__WORKERS)");
    }

    @Test
    void aMalformedTomlFileFailsNamingTheFile() throws IOException {
        Path file = settings().resolve("config.toml");
        Files.writeString(file, "[sources.github\npage_size = 3\n");

        assertThatThrownBy(() -> TomlFile.config(file.getParent()))
                .isInstanceOf(TerminalException.class)
                .hasMessageStartingWith("cannot read " + file);
    }

    @Test
    void theStandardChainReadsTheProjectAndTheGlobalFolder() throws IOException {
        Files.writeString(settings().resolve("config.toml"), "[sources.github]\nbase_url = \"project\"\n");
        Path global = Files.createDirectories(dir.resolve("home/.dlt"));
        Files.writeString(global.resolve("config.toml"), "[sources.github]\nbase_url = \"global\"\nper_page = 100\n");

        Configuration config = Configuration.standard(dir.resolve("project"), global);

        assertThat(config.providers()).extracting(ConfigProvider::name).containsExactly("environment variables",
                "secrets.toml (" + dir.resolve("project/.dlt").toAbsolutePath() + ")",
                "secrets.toml (" + global.toAbsolutePath() + ")",
                "config.toml (" + dir.resolve("project/.dlt").toAbsolutePath() + ")",
                "config.toml (" + global.toAbsolutePath() + ")");
        assertThat(config.source(null, "github").value("base_url")).isEqualTo("project");
        assertThat(config.source(null, "github").value("per_page")).isEqualTo("100");
    }

    record ApiSettings(String baseURL, long maxRetryDelay) {
    }

    @Test
    void recordComponentsAreLookedUpByTheirSnakeCaseNames() {
        Configuration config = chain(Map.of("SOURCES__API__CLIENT__BASE_URL", "https://api.example.com",
                "SOURCES__API__CLIENT__MAX_RETRY_DELAY", "30"));

        assertThat(config.source(null, "api").bind("client", ApiSettings.class))
                .isEqualTo(new ApiSettings("https://api.example.com", 30));
    }

    @Test
    void aValueNamedLikeASecretIsOneEvenWhenNotDeclaredAsOne() throws IOException {
        Files.writeString(settings().resolve("config.toml"), "[sources.github]\napi_key = \"k\"\nregion = \"eu\"\n");

        assertThatThrownBy(() -> chain(Map.of()).source(null, "github").value("api_key"))
                .hasMessageContaining("holds no secrets");
        assertThat(chain(Map.of()).source(null, "github").value("region")).isEqualTo("eu");
        assertThat(new ResolvedValue("destination.x.credentials.password", "pw", "p", "k", false).shown())
                .isEqualTo(Secrets.MASK);
    }
}
