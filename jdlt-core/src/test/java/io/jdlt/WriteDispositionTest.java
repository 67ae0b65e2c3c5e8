package io.jdlt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.jdlt.extract.Resource;
import io.jdlt.schema.WriteDisposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** append and replace over two runs, with nested tables. */
class WriteDispositionTest {

    @TempDir
    Path dir;

    private static List<Map<String, Object>> orders(int first) {
        return List.of(
                Map.of("id", first, "items", List.of(Map.of("sku", "a"), Map.of("sku", "b"))),
                Map.of("id", first + 1, "items", List.of(Map.of("sku", "c"))));
    }

    @Test
    void appendAddsRowsOnEveryRun() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "append");
        LoadInfo first = pipeline.run(Resource.of("orders", orders(1)));
        LoadInfo second = pipeline.run(Resource.of("orders", orders(3)));

        assertThat(TestSupport.count(pipeline, "orders")).isEqualTo(4);
        assertThat(TestSupport.count(pipeline, "orders__items")).isEqualTo(6);
        assertThat(TestSupport.query(pipeline, "SELECT DISTINCT _dlt_load_id FROM raw.orders ORDER BY 1"))
                .extracting(r -> r.get("_dlt_load_id"))
                .containsExactly(first.loadIds().get(0), second.loadIds().get(0));
        assertThat(TestSupport.count(pipeline, "_dlt_loads")).isEqualTo(2);
        // the schema did not change in the second run: one _dlt_version row
        assertThat(TestSupport.count(pipeline, "_dlt_version")).isEqualTo(1);
    }

    @Test
    void replaceKeepsOnlyTheLastRunIncludingNestedTables() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "replace");
        pipeline.run(Resource.of("orders", orders(1)).writeDisposition(WriteDisposition.REPLACE));
        LoadInfo second = pipeline.run(Resource.of("orders", List.of(Map.of("id", 10, "items", List.of(Map.of("sku", "z")))))
                .writeDisposition(WriteDisposition.REPLACE));

        assertThat(TestSupport.query(pipeline, "SELECT id, _dlt_load_id FROM raw.orders"))
                .containsExactly(Map.of("id", 10L, "_dlt_load_id", second.loadIds().get(0)));
        assertThat(TestSupport.query(pipeline, "SELECT sku FROM raw.orders__items"))
                .containsExactly(Map.of("sku", "z"));
    }

    @Test
    void replaceWithNoDataEmptiesTheTableChain() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "replace_empty");
        pipeline.run(Resource.of("orders", orders(1)).writeDisposition(WriteDisposition.REPLACE));
        LoadInfo empty = pipeline.run(Resource.of("orders", List.of()).writeDisposition(WriteDisposition.REPLACE));

        assertThat(empty.loadPackages()).hasSize(1);
        assertThat(TestSupport.count(pipeline, "orders")).isZero();
        assertThat(TestSupport.count(pipeline, "orders__items")).isZero();
    }

    @Test
    void appendWithNoDataLoadsNoJobsForTheTable() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "append_empty");
        pipeline.run(Resource.of("orders", orders(1)));
        LoadInfo empty = pipeline.run(Resource.of("orders", List.of()));
        assertThat(empty.loadPackages()).allSatisfy(p -> assertThat(p.jobs())
                .noneMatch(j -> j.tableName().equals("orders")));
        assertThat(TestSupport.count(pipeline, "orders")).isEqualTo(2);
    }
}
