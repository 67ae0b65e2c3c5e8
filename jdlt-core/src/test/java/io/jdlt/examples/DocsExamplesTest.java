package io.jdlt.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.jdlt.Jdlt;
import io.jdlt.LoadInfo;
import io.jdlt.Pipeline;
import io.jdlt.TestSupport;
import io.jdlt.config.ConfigField;
import io.jdlt.config.Configuration;
import io.jdlt.destination.duckdb.DuckDbDestination;
import io.jdlt.extract.ExtractInfo;
import io.jdlt.extract.Resource;
import io.jdlt.extract.Source;
import io.jdlt.normalize.NormalizeInfo;
import io.jdlt.schema.WriteDisposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples of the pages under docs/, run against real DuckDB files. */
class DocsExamplesTest {

    @TempDir
    Path dir;

    private Pipeline pipeline(String name) {
        return Jdlt.pipeline(name)
                .destination(DuckDbDestination.at(dir.resolve(name + ".duckdb")))
                .datasetName("raw")
                .pipelinesDir(dir)
                .build();
    }

    /** docs/pipelines.md and docs/load-packages.md */
    @Test
    void stagesOneByOne() {
        Pipeline pipeline = pipeline("github_pipeline");
        List<Map<String, Object>> events = List.of(Map.of("id", 1, "type", "PushEvent"));

        ExtractInfo extracted = pipeline.extract(Resource.of("events", events));
        assertThat(dir.resolve("github_pipeline/normalize/extracted").resolve(extracted.loadId())).isDirectory();
        NormalizeInfo normalized = pipeline.normalize();
        assertThat(normalized.rowCounts()).containsEntry("events", 1L);
        assertThat(dir.resolve("github_pipeline/load/normalized").resolve(extracted.loadId())).isDirectory();
        LoadInfo loaded = pipeline.load();
        assertThat(dir.resolve("github_pipeline/load/loaded").resolve(extracted.loadId())).isDirectory();

        assertThat(loaded.loadIds()).containsExactly(extracted.loadId());
        assertThat(loaded.toString()).startsWith("Pipeline github_pipeline load step completed in ")
                .contains("The duckdb destination used " + dir.resolve("github_pipeline.duckdb") + " location");
        assertThat(pipeline.hasPendingData()).isFalse();
    }

    /** docs/resources-and-sources.md */
    @Test
    void resourcesAndSources() {
        List<List<Map<String, Object>>> pullPages = List.of(
                List.of(Map.of("id", 1), Map.of("id", 2)), List.of(Map.of("id", 3)));
        Resource pulls = Resource.builder("pull_requests")
                .emitter((ctx, out) -> {
                    for (List<Map<String, Object>> page : pullPages) {
                        out.emit(page);
                    }
                })
                .build();
        Resource issues = Resource.of("issues", () -> List.of(Map.of("id", 10, "labels", List.of(Map.of("name", "bug")))))
                .tableName("Issues")
                .writeDisposition(WriteDisposition.REPLACE)
                .maxTableNesting(0);
        Pipeline pipeline = pipeline("github");
        pipeline.run(Source.of("github", issues, pulls).maxTableNesting(2));
        pipeline.run(Source.of("github", issues, pulls).maxTableNesting(2));

        assertThat(TestSupport.count(pipeline, "pull_requests")).isEqualTo(6);
        assertThat(TestSupport.count(pipeline, "issues")).isEqualTo(1);
        assertThat(TestSupport.columnTypes(pipeline, "issues")).containsEntry("labels", "JSON");
    }

    /** docs/schema-and-normalization.md */
    @Test
    void nestedDataAndTypes() {
        Pipeline pipeline = pipeline("issues_pipeline");
        pipeline.run(Resource.of("issues", List.of(Map.of("id", 1, "actor", Map.of("login", "ann"),
                "labels", List.of(Map.of("name", "bug")), "tags", List.of("a", "b")))));

        assertThat(TestSupport.columnTypes(pipeline, "issues").keySet())
                .containsExactlyInAnyOrder("id", "actor__login", "_dlt_load_id", "_dlt_id");
        assertThat(TestSupport.columnTypes(pipeline, "issues__labels").keySet())
                .containsExactly("name", "_dlt_parent_id", "_dlt_list_idx", "_dlt_id");
        assertThat(TestSupport.columnTypes(pipeline, "issues__tags").keySet())
                .containsExactly("value", "_dlt_parent_id", "_dlt_list_idx", "_dlt_id");

        pipeline.run(List.of(Map.of("v", 1), Map.of("v", "2"), Map.of("v", "abc"), Map.of("v", 1.5)), "drift");
        assertThat(TestSupport.query(pipeline, "SELECT v, v__v_text, v__v_double FROM raw.drift ORDER BY _dlt_id"))
                .hasSize(4);
        assertThat(TestSupport.query(pipeline, "SELECT sum(v) AS s FROM raw.drift")).containsExactly(Map.of("s",
                java.math.BigInteger.valueOf(3)));
    }

    /** docs/duckdb.md */
    @Test
    void duckDbSystemTables() {
        Pipeline pipeline = pipeline("system_tables");
        LoadInfo info = pipeline.run(List.of(Map.of("id", 1)), "items");
        assertThat(TestSupport.query(pipeline, "SELECT load_id, status FROM raw._dlt_loads"))
                .containsExactly(Map.of("load_id", info.loadIds().get(0), "status", 0L));
        io.jdlt.schema.Schema stored = pipeline.schema("system_tables").orElseThrow();
        assertThat(TestSupport.query(pipeline, "SELECT schema_name, version, version_hash FROM raw._dlt_version"))
                .containsExactly(Map.of("schema_name", "system_tables", "version", (long) stored.version(),
                        "version_hash", stored.versionHash()));
        assertThat(TestSupport.count(pipeline, "_dlt_pipeline_state")).isEqualTo(1);
    }

    /** docs/configuration.md */
    @Test
    void configurationAndSecrets() throws java.io.IOException {
        Path project = java.nio.file.Files.createDirectories(dir.resolve("project/.dlt")).getParent();
        java.nio.file.Files.writeString(project.resolve(".dlt/secrets.toml"), """
                [sources.github]
                token = "ghp_abc123"
                """);
        // the process's environment stays out of the test; an application uses Configuration.standard()
        Configuration config = Configuration.standard(io.jdlt.config.EnvironmentVariables.of(Map.of()), project,
                dir.resolve("home/.dlt"));

        Source github = Source.of("github", Resource.builder("repos")
                        .emitter((ctx, out) -> out.emit(fetchRepos(ctx.configValue("org"), ctx.secret("token"))))
                        .build())
                .config(ConfigField.secret("token"), ConfigField.value("org").withDefault("dlt-hub"));
        Pipeline pipeline = Jdlt.pipeline("github_pipeline").destination(DuckDbDestination.at(dir.resolve("gh.duckdb")))
                .pipelinesDir(dir).config(config).build();
        pipeline.run(github);

        assertThat(TestSupport.query(pipeline, "SELECT org, authorized FROM github_pipeline_dataset.repos"))
                .containsExactly(Map.of("org", "dlt-hub", "authorized", true));
        assertThat(pipeline.sourceConfig("github").secret("token")).isEqualTo("ghp_abc123");
    }

    /** Stands in for a GitHub call: what it would fetch with the token. */
    private static Map<String, Object> fetchRepos(String org, String token) {
        return Map.of("org", org, "authorized", token.startsWith("ghp_"));
    }
}
