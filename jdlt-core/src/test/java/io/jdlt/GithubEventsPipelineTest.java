package io.jdlt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.jdlt.extract.Resource;
import io.jdlt.schema.Schema;
import io.jdlt.schema.Table;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The GitHub events page of dlt's own test suite, loaded end to end into a DuckDB file: every table, row counts
 * computed independently from the JSON, and every parent link.
 */
class GithubEventsPipelineTest {

    @TempDir
    static Path dir;

    static Pipeline pipeline;
    static LoadInfo info;
    static JsonNode events;

    @BeforeAll
    static void load() {
        events = TestSupport.resourceJson("github_events_page.json");
        pipeline = TestSupport.duckDbPipeline(dir, "github_pipeline");
        info = pipeline.run(Resource.of("github_events", List.of(events)));
    }

    @Test
    void loadsOnePackageWithoutFailures() {
        assertThat(info.hasFailedJobs()).isFalse();
        assertThat(info.loadPackages()).hasSize(1);
        assertThat(info.toString()).contains("1 load package(s) were loaded to destination duckdb and into dataset raw")
                .contains("is LOADED and contains no failed jobs");
        String loadId = info.loadIds().get(0);
        assertThat(TestSupport.query(pipeline, "SELECT load_id, schema_name, status FROM raw._dlt_loads"))
                .containsExactly(Map.of("load_id", loadId, "schema_name", "github_pipeline", "status", 0L));
    }

    @Test
    void rootTableHasOneRowPerEvent() {
        assertThat(TestSupport.count(pipeline, "github_events")).isEqualTo(events.size()).isEqualTo(100);
        assertThat(TestSupport.query(pipeline, "SELECT count(DISTINCT _dlt_id) AS n, count(DISTINCT _dlt_load_id) AS l "
                + "FROM raw.github_events").get(0)).isEqualTo(Map.of("n", 100L, "l", 1L));
    }

    @Test
    void nestedListsBecomeChildTablesWithIndependentlyCountedRows() {
        // counted here from the JSON itself, not from jdlt
        assertThat(TestSupport.count(pipeline, "github_events__payload__commits"))
                .isEqualTo(sumOfListSizes("payload", "commits"));
        assertThat(TestSupport.count(pipeline, "github_events__payload__pull_request__labels"))
                .isEqualTo(sumOfListSizes("payload", "pull_request", "labels"));
        assertThat(TestSupport.count(pipeline, "github_events__payload__issue__labels"))
                .isEqualTo(sumOfListSizes("payload", "issue", "labels"));
    }

    @Test
    void everyTableIsCreatedAndEveryChildRowFindsItsParent() {
        Schema schema = pipeline.schema("github_pipeline").orElseThrow();
        List<Table> dataTables = schema.dataTables();
        assertThat(dataTables).extracting(Table::name).contains("github_events", "github_events__payload__commits");
        Map<String, Long> counts = new HashMap<>();
        for (Table table : dataTables) {
            counts.put(table.name(), TestSupport.count(pipeline, table.name()));
            assertThat(counts.get(table.name())).as(table.name()).isPositive();
            if (table.parent() != null) {
                List<Map<String, Object>> orphans = TestSupport.query(pipeline, "SELECT c._dlt_id FROM raw.\""
                        + table.name() + "\" c LEFT JOIN raw.\"" + table.parent() + "\" p ON c._dlt_parent_id = p._dlt_id "
                        + "WHERE p._dlt_id IS NULL");
                assertThat(orphans).as("rows of %s without a parent in %s", table.name(), table.parent()).isEmpty();
                assertThat(TestSupport.columnTypes(pipeline, table.name()))
                        .containsEntry("_dlt_parent_id", "VARCHAR").containsEntry("_dlt_list_idx", "BIGINT")
                        .doesNotContainKey("_dlt_load_id");
            }
        }
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(info.rowCounts().entrySet().stream().filter(e -> !e.getKey().startsWith("_dlt"))
                        .mapToLong(Map.Entry::getValue).sum());
        System.out.println("github events tables: " + new java.util.TreeMap<>(counts));
    }

    @Test
    void flattensObjectsAndInfersTypes() {
        Map<String, String> types = TestSupport.columnTypes(pipeline, "github_events");
        assertThat(types).containsEntry("id", "VARCHAR")
                .containsEntry("type", "VARCHAR")
                .containsEntry("actor__id", "BIGINT")
                .containsEntry("actor__login", "VARCHAR")
                .containsEntry("repo__name", "VARCHAR")
                .containsEntry("public", "BOOLEAN")
                .containsEntry("created_at", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("_dlt_load_id", "VARCHAR")
                .containsEntry("_dlt_id", "VARCHAR");
        assertThat(types.keySet()).doesNotContain("actor", "payload", "payload__commits");
        assertThat(TestSupport.query(pipeline, "SELECT actor__login, CAST(created_at AS VARCHAR) AS created FROM "
                + "raw.github_events WHERE id = '28281984012'"))
                .containsExactly(Map.of("actor__login", "hoshinglee", "created", "2023-04-08 05:14:40+00"));
    }

    @Test
    void systemTablesHaveDltColumns() {
        assertThat(TestSupport.columnTypes(pipeline, "_dlt_loads").keySet())
                .containsExactly("load_id", "schema_name", "status", "inserted_at", "schema_version_hash");
        assertThat(TestSupport.columnTypes(pipeline, "_dlt_version").keySet())
                .containsExactly("version", "engine_version", "inserted_at", "schema_name", "version_hash", "schema");
        assertThat(TestSupport.columnTypes(pipeline, "_dlt_pipeline_state").keySet())
                .containsExactly("version", "engine_version", "pipeline_name", "state", "created_at", "version_hash",
                        "_dlt_load_id", "_dlt_id");
        Set<String> tables = Set.copyOf(TestSupport.query(pipeline, "SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = 'raw'").stream().map(r -> (String) r.get("table_name")).toList());
        assertThat(tables).contains("_dlt_loads", "_dlt_version", "_dlt_pipeline_state");
    }

    private static long sumOfListSizes(String... path) {
        long total = 0;
        for (JsonNode event : events) {
            JsonNode node = event;
            for (String key : path) {
                node = node == null ? null : node.get(key);
            }
            if (node != null && node.isArray()) {
                total += node.size();
            }
        }
        return total;
    }
}
