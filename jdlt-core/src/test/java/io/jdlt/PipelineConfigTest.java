package io.jdlt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.jdlt.common.TerminalException;
import io.jdlt.config.ConfigField;
import io.jdlt.config.ConfigMissingException;
import io.jdlt.config.ConfigValue;
import io.jdlt.config.Configuration;
import io.jdlt.config.EnvironmentVariables;
import io.jdlt.config.Secret;
import io.jdlt.config.TomlFile;
import io.jdlt.destination.duckdb.DuckDbDestination;
import io.jdlt.destination.postgres.PostgresCredentials;
import io.jdlt.destination.postgres.TestPostgres;
import io.jdlt.extract.ExtractInfo;
import io.jdlt.extract.JdltResource;
import io.jdlt.extract.JdltSource;
import io.jdlt.extract.Resource;
import io.jdlt.extract.Source;
import io.jdlt.format.DataWriterSettings;
import io.jdlt.storage.JobFileName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** A pipeline's settings and its sources' values, resolved from configuration the dlt way. */
class PipelineConfigTest {

    @TempDir
    Path dir;

    private Configuration chain(Map<String, String> environment) {
        Path settings = dir.resolve(".dlt");
        return Configuration.of(new EnvironmentVariables(environment, dir.resolve("run-secrets")),
                TomlFile.secrets(settings), TomlFile.config(settings));
    }

    private void write(String file, String toml) throws IOException {
        Files.createDirectories(dir.resolve(".dlt"));
        Files.writeString(dir.resolve(".dlt").resolve(file), toml);
    }

    private Pipeline.Builder pipeline(String name, Configuration config) {
        return Jdlt.pipeline(name).pipelinesDir(dir.resolve("pipelines"))
                .destination(DuckDbDestination.at(dir.resolve(name + ".duckdb"))).config(config);
    }

    private static List<Map<String, Object>> rows(int count) {
        return IntStream.range(0, count).mapToObj(i -> Map.<String, Object>of("id", i)).toList();
    }

    @Test
    void pipelineSettingsComeFromConfigWhenCodeGivesNone() throws IOException {
        write("config.toml", """
                [orders]
                dataset_name = "from_config"

                [normalize.data_writer]
                file_max_items = 3
                """);
        Pipeline pipeline = pipeline("orders", chain(Map.of())).build();

        LoadInfo info = pipeline.run(rows(10), "orders");

        assertThat(pipeline.datasetName()).isEqualTo("from_config");
        // 10 rows in files of 3 are 4 files, and the pipeline state's job
        assertThat(info.loadPackages().get(0).jobs()).hasSize(5);
        assertThat(TestSupport.query(pipeline, "SELECT count(*) AS n FROM from_config.orders"))
                .containsExactly(Map.of("n", 10L));
        assertThat(Jdlt.pipeline("orders").pipelinesDir(dir.resolve("p2")).destination(DuckDbDestination.at(dir
                .resolve("x.duckdb"))).datasetName("from_code").config(chain(Map.of())).build().datasetName())
                .isEqualTo("from_code");
    }

    @Test
    void extractReadsTheSourcesDataWriterSectionBeforeTheGeneralOne() throws IOException {
        write("config.toml", """
                [data_writer]
                file_max_items = 5

                [sources.shop.data_writer]
                file_max_items = 2
                """);
        Pipeline pipeline = pipeline("shop_pipeline", chain(Map.of())).build();

        ExtractInfo shop = pipeline.extract(Source.of("shop", Resource.of("items", rows(10))));
        ExtractInfo other = pipeline.extract(Source.of("other", Resource.of("items", rows(10))));

        assertThat(extractedFiles(pipeline, shop)).isEqualTo(5);
        assertThat(extractedFiles(pipeline, other)).isEqualTo(2);
        // a data writer given in code wins over every section
        Pipeline explicit = pipeline("explicit", chain(Map.of()))
                .dataWriter(DataWriterSettings.DEFAULTS.withFileMaxItems(10L)).build();
        assertThat(extractedFiles(explicit, explicit.extract(Source.of("shop", Resource.of("items", rows(10))))))
                .isEqualTo(1);
    }

    @Test
    void extractedFilesAreUncompressedUnlessCompressionIsConfiguredForExtract() throws IOException {
        write("config.toml", """
                [sources.zipped.data_writer]
                disable_compression = false
                """);
        Pipeline pipeline = pipeline("compression", chain(Map.of())).build();

        ExtractInfo plain = pipeline.extract(Source.of("plain", Resource.of("items", rows(10))));
        ExtractInfo zipped = pipeline.extract(Source.of("zipped", Resource.of("items", rows(10))));

        assertThat(extractedNames(pipeline, plain)).singleElement().matches(name -> !name.endsWith(".gz"));
        assertThat(extractedNames(pipeline, zipped)).singleElement().matches(name -> name.endsWith(".gz"));
        // a database destination only reads the loader files: they are plain too
        LoadInfo loaded = pipeline.run(rows(10), "numbers");
        assertThat(loaded.loadPackages().stream().flatMap(p -> p.jobs().stream()).toList())
                .filteredOn(job -> job.tableName().equals("numbers"))
                .singleElement().matches(job -> job.fileName().endsWith(".jsonl"));
        assertThat(TestSupport.query(pipeline, "SELECT count(*) AS n FROM " + pipeline.datasetName() + ".items"))
                .containsExactly(Map.of("n", 20L));
    }

    @Test
    void loaderFilesAreGzipWhereConfiguredOrKeptAsTheyAre() throws IOException {
        write("config.toml", """
                [normalize.data_writer]
                disable_compression = false
                """);
        Pipeline configured = pipeline("zipped_loader", chain(Map.of())).build();
        assertThat(loaderFileNames(configured.run(rows(10), "numbers"))).singleElement()
                .matches(name -> name.endsWith(".jsonl.gz"));

        // the filesystem destination stores the files as they are: gzip, as in dlt
        write("config.toml", "");
        Pipeline files = pipeline("files", chain(Map.of()))
                .destination(io.jdlt.destination.filesystem.FilesystemDestination.local(dir.resolve("bucket")))
                .build();
        assertThat(loaderFileNames(files.run(rows(10), "numbers"))).singleElement()
                .matches(name -> name.endsWith(".jsonl.gz"));
    }

    private static List<String> loaderFileNames(LoadInfo loaded) {
        return loaded.loadPackages().stream().flatMap(p -> p.jobs().stream())
                .filter(job -> job.tableName().equals("numbers")).map(job -> job.fileName()).toList();
    }

    private static List<String> extractedNames(Pipeline pipeline, ExtractInfo extracted) throws IOException {
        Path jobs = pipeline.workingDir().resolve("normalize/extracted").resolve(extracted.loadId()).resolve("new_jobs");
        try (Stream<Path> files = Files.list(jobs)) {
            return files.map(p -> p.getFileName().toString()).filter(name -> name.startsWith("items.")).toList();
        }
    }

    private static long extractedFiles(Pipeline pipeline, ExtractInfo extracted) throws IOException {
        Path jobs = pipeline.workingDir().resolve("normalize/extracted").resolve(extracted.loadId()).resolve("new_jobs");
        try (Stream<Path> files = Files.list(jobs)) {
            return files.map(p -> JobFileName.parse(p.getFileName().toString()))
                    .filter(j -> j.tableName().equals("items")).count();
        }
    }

    @Test
    void environmentVariablesConfigureStagesUnderThePipelinesName() {
        Configuration config = chain(Map.of("RAISING__LOAD__RAISE_ON_FAILED_JOBS", "false",
                "NORMALIZE__LOADER_FILE_FORMAT", "csv", "RAISING__EXTRACT__WORKERS", "3",
                "EXTRACT__MAX_PARALLEL_ITEMS", "7", "OTHER__EXTRACT__WORKERS", "9"));

        Pipeline pipeline = pipeline("raising", config).build();
        pipeline.run(rows(3), "numbers");

        assertThat(pipeline.loaderFileFormat()).isEqualTo(io.jdlt.format.LoaderFileFormat.CSV);
        assertThat(pipeline.effectiveSettings()).containsEntry("load.raise_on_failed_jobs", false)
                .containsEntry("extract.workers", 3).containsEntry("extract.max_parallel_items", 7)
                .containsEntry("normalize.loader_file_format", "csv");
        assertThat(pipeline("defaults", chain(Map.of())).build().effectiveSettings())
                .containsEntry("load.raise_on_failed_jobs", true).containsEntry("extract.workers", 5)
                .containsEntry("extract.max_parallel_items", 20).containsEntry("normalize.loader_file_format", "jsonl")
                .containsEntry("restore_from_destination", true);
        assertThat(TestSupport.query(pipeline, "SELECT count(*) AS n FROM raising_dataset.numbers"))
                .containsExactly(Map.of("n", 3L));
    }

    @Test
    void aSourcesMissingSecretStopsTheRunBeforeAnythingIsExtracted() {
        Pipeline pipeline = pipeline("github_pipeline", chain(Map.of())).build();
        Source github = Source.of("github", Resource.builder("issues")
                .emitter((ctx, out) -> out.emit(Map.of("id", 1, "token_length", ctx.secret("token").length())))
                .build()).config(ConfigField.secret("token"), ConfigField.value("org"));

        assertThatThrownBy(() -> pipeline.run(github))
                .isInstanceOfSatisfying(ConfigMissingException.class, missing -> assertThat(missing.missingNames())
                        .containsExactly("sources.github.token", "sources.github.org"))
                .hasMessageContaining("GITHUB_PIPELINE__SOURCES__GITHUB__TOKEN")
                .hasMessageContaining("SOURCES__GITHUB__ORG");
        assertThat(pipeline.hasPendingData()).isFalse();
        assertThat(dir.resolve("github_pipeline.duckdb")).doesNotExist();
    }

    @Test
    void aResourceReadsTheSourcesDeclaredValues() throws IOException {
        write("secrets.toml", "[sources.github]\ntoken = \"ghp_abc123\"\n");
        Pipeline pipeline = pipeline("github_pipeline", chain(Map.of("SOURCES__GITHUB__ORG", "dlt-hub"))).build();
        Source github = Source.of("github", Resource.builder("issues")
                .emitter((ctx, out) -> out.emit(Map.of("id", 1, "org", ctx.configValue("org"),
                        "token_length", ctx.secret("token").length(),
                        "per_page", ctx.config().find("per_page").map(v -> v.asInt()).orElse(30))))
                .build()).config(ConfigField.secret("token"), ConfigField.value("org"));

        pipeline.run(github);

        assertThat(TestSupport.query(pipeline, "SELECT org, token_length, per_page FROM github_pipeline_dataset.issues"))
                .containsExactly(Map.of("org", "dlt-hub", "token_length", 10L, "per_page", 30L));
    }

    @JdltSource("github")
    static final class GithubSource {
        @JdltResource
        List<Map<String, Object>> repos(@Secret("token") String token,
                @ConfigValue(value = "per_page", defaultValue = "30") int perPage) {
            return List.of(Map.of("token_prefix", token.substring(0, 4), "per_page", perPage));
        }
    }

    @Test
    void annotatedSourceParametersResolveLikeDltsSentinels() throws IOException {
        write("secrets.toml", "[sources.github]\ntoken = \"ghp_abc123\"\n");
        write("config.toml", "[sources.github]\nper_page = 100\n");
        Pipeline pipeline = pipeline("annotated", chain(Map.of())).build();

        pipeline.run(Jdlt.source(new GithubSource()));

        assertThat(TestSupport.query(pipeline, "SELECT token_prefix, per_page FROM annotated_dataset.repos"))
                .containsExactly(Map.of("token_prefix", "ghp_", "per_page", 100L));
        Pipeline unconfigured = pipeline("unconfigured", Configuration.of(new EnvironmentVariables(Map.of(),
                dir.resolve("none")))).build();
        assertThatThrownBy(() -> unconfigured.run(Jdlt.source(new GithubSource())))
                .isInstanceOf(ConfigMissingException.class)
                .hasMessageContaining("secret sources.github.token")
                .hasMessageNotContaining("per_page");
    }

    @Test
    void postgresCredentialsComeFromEnvironmentVariables() {
        PostgresCredentials server = TestPostgres.credentials();
        Configuration config = chain(Map.of(
                "DESTINATION__POSTGRES__CREDENTIALS__HOST", server.host(),
                "DESTINATION__POSTGRES__CREDENTIALS__PORT", Integer.toString(server.port()),
                "DESTINATION__POSTGRES__CREDENTIALS__DATABASE", server.database(),
                "DESTINATION__POSTGRES__CREDENTIALS__USERNAME", server.username(),
                "PG_CONFIG__DESTINATION__POSTGRES__CREDENTIALS__PASSWORD", "not-needed-but-masked"));

        Pipeline pipeline = Jdlt.pipeline("pg_config").pipelinesDir(dir.resolve("pipelines")).destination("postgres")
                .config(config).datasetName("config_test").build();
        LoadInfo info = pipeline.run(rows(4), "numbers");

        assertThat(((io.jdlt.destination.postgres.PostgresDestination) pipeline.destination()).credentials().password())
                .as("the pipeline-scoped password wins").isEqualTo("not-needed-but-masked");
        assertThat(pipeline.destination().location()).isEqualTo("postgresql://" + server.username()
                + ":***@" + server.host() + ":" + server.port() + "/" + server.database());
        assertThat(info.toString()).doesNotContain("not-needed-but-masked");
        assertThat(TestSupport.query(server.jdbcUrl(), TestPostgres.properties(), "SELECT count(*) AS n FROM config_test.numbers"))
                .containsExactly(Map.of("n", 4L));
    }

    @Test
    void withoutCredentialsPostgresLoadsThroughTheApplicationsDataSource() {
        PostgresCredentials server = TestPostgres.credentials();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(server.jdbcUrl());
        dataSource.setUser(server.username());
        if (server.password() != null) {
            dataSource.setPassword(server.password());
        }

        Pipeline pipeline = Jdlt.pipeline("pg_datasource").pipelinesDir(dir.resolve("pipelines")).destination("postgres")
                .config(chain(Map.of())).dataSource(dataSource).datasetName("datasource_test").build();
        pipeline.run(rows(3), "numbers");

        assertThat(pipeline.destination().location()).startsWith("jdbc:postgresql://");
        assertThat(TestSupport.query(server.jdbcUrl(), TestPostgres.properties(),
                "SELECT count(*) AS n FROM datasource_test.numbers")).containsExactly(Map.of("n", 3L));
    }

    @Test
    void aPooledConnectionGoesBackToThePoolWithTheApplicationsSessionSettings() throws Exception {
        PostgresCredentials server = TestPostgres.credentials();
        com.zaxxer.hikari.HikariConfig pool = new com.zaxxer.hikari.HikariConfig();
        pool.setJdbcUrl(server.jdbcUrl());
        pool.setUsername(server.username());
        if (server.password() != null) {
            pool.setPassword(server.password());
        }
        // one connection, so the application gets back exactly the one jdlt borrowed
        pool.setMaximumPoolSize(1);
        pool.setConnectionInitSql("SET TIME ZONE 'Europe/Berlin'");
        pool.setTransactionIsolation("TRANSACTION_REPEATABLE_READ");
        try (com.zaxxer.hikari.HikariDataSource dataSource = new com.zaxxer.hikari.HikariDataSource(pool)) {
            Pipeline pipeline = Jdlt.pipeline("pg_pool").pipelinesDir(dir.resolve("pipelines")).destination("postgres")
                    .config(chain(Map.of())).dataSource(dataSource).datasetName("pool_test").build();
            pipeline.run(rows(2), "numbers");

            try (java.sql.Connection connection = dataSource.getConnection();
                    java.sql.Statement statement = connection.createStatement();
                    java.sql.ResultSet zone = statement.executeQuery("SHOW TimeZone")) {
                zone.next();
                assertThat(zone.getString(1)).isEqualTo("Europe/Berlin");
                assertThat(connection.getAutoCommit()).isTrue();
                assertThat(connection.getTransactionIsolation())
                        .isEqualTo(java.sql.Connection.TRANSACTION_REPEATABLE_READ);
            }
            assertThat(pipeline.destination().location()).isEqualTo(server.jdbcUrl());
        }
    }

    @Test
    void bareVariablesOfTheProcessDoNotConfigureThePipelineItself() {
        Configuration config = chain(Map.of("DATASET_NAME", "elsewhere", "DEV_MODE", "true",
                "SCOPED__DATASET_NAME", "scoped_dataset"));

        assertThat(pipeline("bare", config).build().datasetName()).isEqualTo("bare_dataset");
        assertThat(pipeline("scoped", config).build().datasetName()).isEqualTo("scoped_dataset");
    }

    @Test
    void aSourcesExtractSectionComesBeforeTheGeneralOne() {
        Pipeline pipeline = pipeline("sections", chain(Map.of("SOURCES__BROKEN__EXTRACT__WORKERS", "0",
                "EXTRACT__WORKERS", "2"))).build();

        assertThat(pipeline.effectiveSettings()).containsEntry("extract.workers", 2);
        pipeline.run(Source.of("fine", Resource.of("items", rows(2))));
        assertThatThrownBy(() -> pipeline.run(Source.of("broken", Resource.of("items", rows(2)))))
                .hasMessageContaining("extract workers must be at least 1");
    }

    @JdltSource("paged")
    static final class PagedSource {
        @JdltResource
        List<Map<String, Object>> pages(@ConfigValue("per_page") int perPage) {
            return List.of(Map.of("per_page", perPage));
        }
    }

    @Test
    void aValueThatDoesNotConvertStopsTheRunBeforeExtraction() {
        Pipeline pipeline = pipeline("typed", chain(Map.of("SOURCES__PAGED__PER_PAGE", "many"))).build();

        assertThatThrownBy(() -> pipeline.run(Jdlt.source(new PagedSource())))
                .isInstanceOf(TerminalException.class)
                .hasMessage("sources.paged.per_page must be a whole number, was 'many' (from environment variables: "
                        + "SOURCES__PAGED__PER_PAGE)");
        assertThat(pipeline.hasPendingData()).isFalse();
    }
}
