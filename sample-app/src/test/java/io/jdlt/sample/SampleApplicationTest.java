package io.jdlt.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/** Runs the sample application as its README command does (every pipeline once), against a temporary DuckDB file. */
class SampleApplicationTest {

    @TempDir
    Path dir;

    @Test
    void loadsTheBundledGithubEventsAndTheDemoApisIssuesIntoDuckDb() throws Exception {
        Path database = dir.resolve("sample.duckdb");
        try (ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class,
                "--sample.database-file=" + database, "--jdlt.pipelines-dir=" + dir.resolve("pipelines"))) {
            assertThat(context.isActive()).isTrue();
        }
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + database);
                ResultSet tables = connection.createStatement().executeQuery(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'github_data' "
                                + "AND table_name NOT LIKE '\\_dlt%' ESCAPE '\\'")) {
            while (tables.next()) {
                String table = tables.getString(1);
                try (ResultSet count = connection.createStatement()
                        .executeQuery("SELECT count(*) FROM github_data.\"" + table + "\"")) {
                    count.next();
                    counts.put(table, count.getLong(1));
                }
            }
        }
        // the annotated source, its transformer, and the REST API source declared in application.yml (4 pages of 25)
        assertThat(counts).containsEntry("github_events", 100L)
                .containsEntry("github_events__payload__commits", 77L)
                .containsEntry("github_events__payload__pull_request__base__repo__topics", 290L)
                .containsEntry("issues", 100L)
                .containsKey("repos")
                .containsKey("issues__labels");
        assertThat(counts.get("repos")).isBetween(1L, 100L);
    }
}
