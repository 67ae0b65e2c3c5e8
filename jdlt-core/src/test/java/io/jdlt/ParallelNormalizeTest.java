package io.jdlt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import io.jdlt.common.PipelineListener;
import io.jdlt.destination.duckdb.DuckDbDestination;
import io.jdlt.destination.postgres.PostgresCredentials;
import io.jdlt.destination.postgres.TestPostgres;
import io.jdlt.extract.Resource;
import io.jdlt.load.LoadFailedException;
import io.jdlt.format.DataWriterSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Normalize workers sharing a package's files, and what happens when they disagree or fail. */
class ParallelNormalizeTest {

    @TempDir
    Path dir;

    private Pipeline pipeline(String name, int workers) {
        return Jdlt.pipeline(name).pipelinesDir(dir.resolve("pipelines"))
                .destination(DuckDbDestination.at(dir.resolve(name + ".duckdb"))).datasetName("raw")
                // extract files of 10 items: a package of 100 items has 10 files to share
                .dataWriter(DataWriterSettings.DEFAULTS.withFileMaxItems(10L)).normalizeWorkers(workers).build();
    }

    private static List<Map<String, Object>> items(int count) {
        return IntStream.range(0, count).mapToObj(k -> Map.<String, Object>of("id", k, "name", "n" + k,
                "user", Map.of("city", "c" + (k % 3)), "tags", List.of("a", "b"))).toList();
    }

    private static Set<String> rows(Pipeline pipeline, String sql) {
        Set<String> rows = new TreeSet<>();
        TestSupport.query(pipeline, sql).forEach(row -> rows.add(row.toString()));
        return rows;
    }

    @Test
    void workersLoadWhatOneThreadLoads() {
        Pipeline parallel = pipeline("parallel", 3);
        Pipeline sequential = pipeline("sequential", 1);

        LoadInfo parallelInfo = parallel.run(items(100), "people");
        LoadInfo sequentialInfo = sequential.run(items(100), "people");

        assertThat(parallelInfo.rowCounts()).isEqualTo(sequentialInfo.rowCounts())
                .containsEntry("people", 100L).containsEntry("people__tags", 200L);
        assertThat(TestSupport.columnTypes(parallel, "people")).isEqualTo(TestSupport.columnTypes(sequential, "people"));
        assertThat(rows(parallel, "SELECT id, name, user__city FROM raw.people"))
                .isEqualTo(rows(sequential, "SELECT id, name, user__city FROM raw.people")).hasSize(100);
        // every child row points at its parent
        assertThat(TestSupport.query(parallel, "SELECT count(*) AS n FROM raw.people__tags t JOIN raw.people p "
                + "ON t._dlt_parent_id = p._dlt_id")).containsExactly(Map.of("n", 200L));
        assertThat(parallel.effectiveSettings()).containsEntry("normalize.workers", 3);
    }

    @Test
    void workersThatInferDifferentTypesAreRedoneInOneThread() {
        // items 0-49 give "v" a number, items 50-99 text: two files of 50, and each worker would type "v" its own way
        List<Map<String, Object>> mixed = new ArrayList<>();
        for (int k = 0; k < 100; k++) {
            mixed.add(Map.of("id", k, "v", k < 50 ? (Object) k : "text " + k));
        }
        Pipeline parallel = Jdlt.pipeline("mixed").pipelinesDir(dir.resolve("pipelines"))
                .destination(DuckDbDestination.at(dir.resolve("mixed.duckdb"))).datasetName("raw")
                .dataWriter(DataWriterSettings.DEFAULTS.withFileMaxItems(50L)).normalizeWorkers(2).build();
        Pipeline sequential = Jdlt.pipeline("mixed_sequential").pipelinesDir(dir.resolve("pipelines"))
                .destination(DuckDbDestination.at(dir.resolve("mixed_sequential.duckdb"))).datasetName("raw")
                .dataWriter(DataWriterSettings.DEFAULTS.withFileMaxItems(50L)).normalizeWorkers(1).build();

        parallel.run(mixed, "values");
        sequential.run(mixed, "values");

        assertThat(TestSupport.columnTypes(parallel, "values")).isEqualTo(TestSupport.columnTypes(sequential, "values"))
                .containsKey("v__v_text");
        assertThat(rows(parallel, "SELECT id, v, v__v_text FROM raw.values"))
                .isEqualTo(rows(sequential, "SELECT id, v, v__v_text FROM raw.values"));
    }

    @Test
    void columnsComeInTheOrderOneThreadMeetsThemWhateverTheWorkerCount() {
        // new columns appear in later files: "late" from item 40, "later" from item 80
        List<Map<String, Object>> growing = new ArrayList<>();
        for (int k = 0; k < 100; k++) {
            Map<String, Object> item = new java.util.LinkedHashMap<>();
            item.put("id", k);
            if (k >= 80) {
                item.put("later", "x" + k);
            }
            if (k >= 40) {
                item.put("late", k);
            }
            growing.add(item);
        }
        List<List<String>> orders = new ArrayList<>();
        for (int workers : new int[] {1, 2, 3, 4}) {
            Pipeline pipeline = pipeline("order_" + workers, workers);
            pipeline.run(growing, "growing");
            orders.add(List.copyOf(TestSupport.columnTypes(pipeline, "growing").keySet()));
        }
        assertThat(orders).allSatisfy(order -> assertThat(order).isEqualTo(orders.get(0)));
        assertThat(orders.get(0)).containsSubsequence("id", "late", "later");
    }

    @Test
    void aDeclaredPrimaryKeyTypedByItsFirstValueMergesWithoutARedo() {
        Pipeline parallel = pipeline("keyed", 2);
        Pipeline sequential = pipeline("keyed_sequential", 1);
        for (Pipeline pipeline : List.of(parallel, sequential)) {
            pipeline.run(Resource.of("accounts", items(100)).primaryKey("id")
                    .writeDisposition(io.jdlt.schema.WriteDisposition.merge(io.jdlt.schema.MergeStrategy.DELETE_INSERT)));
        }

        assertThat(TestSupport.columnTypes(parallel, "accounts")).isEqualTo(TestSupport.columnTypes(sequential,
                "accounts"));
        assertThat(rows(parallel, "SELECT id, name FROM raw.accounts")).isEqualTo(rows(sequential,
                "SELECT id, name FROM raw.accounts")).hasSize(100);
    }

    @Test
    void aWorkerThatFailsLeavesThePackageToNormalizeAgain() {
        Pipeline pipeline = Jdlt.pipeline("failing").pipelinesDir(dir.resolve("pipelines"))
                .destination(DuckDbDestination.at(dir.resolve("failing.duckdb"))).datasetName("raw")
                .dataWriter(DataWriterSettings.DEFAULTS.withFileMaxItems(10L)).normalizeWorkers(2)
                .listener(new PipelineListener() {
                    final List<String> files = Collections.synchronizedList(new ArrayList<>());

                    @Override
                    public void normalizeFileStarted(String loadId, String fileName) {
                        files.add(fileName);
                        if (files.size() == 5) {
                            throw new IllegalStateException("disk full");
                        }
                    }
                }).build();
        pipeline.extract(items(100), "people");

        assertThatThrownBy(pipeline::normalize).hasMessage("disk full");

        assertThat(pipeline.pendingPackageCount()).isEqualTo(1);
        assertThat(pipeline.loadPackages(0)).singleElement().extracting(p -> p.status().dltName())
                .isEqualTo("extracted");
        // the half-normalized package is gone: nothing of it is loaded until it is normalized again
        assertThat(pipeline.workingDir().resolve("load/new")).isEmptyDirectory();
        pipeline.run();
        assertThat(TestSupport.query(pipeline, "SELECT count(*) AS n FROM raw.people")).containsExactly(Map.of("n", 100L));
    }

    @Test
    void aDuplicateRowKeyInANewPostgresTableFailsItsJobAndCommitsNothing() {
        PostgresCredentials server = TestPostgres.credentials();
        Pipeline pipeline = Jdlt.pipeline("dupe_ids").pipelinesDir(dir.resolve("pipelines"))
                .destination(io.jdlt.destination.postgres.PostgresDestination.of(server)).datasetName("dupe_ids")
                .build();

        // _dlt_id given by the data, twice the same: the unique constraint added after the copy refuses it
        assertThatThrownBy(() -> pipeline.run(List.of(Map.of("_dlt_id", "same", "n", 1),
                Map.of("_dlt_id", "same", "n", 2)), "things"))
                .isInstanceOf(LoadFailedException.class)
                .hasMessageContaining("things");
        assertThat(TestSupport.query(server.jdbcUrl(), TestPostgres.properties(), "SELECT count(*) AS n FROM "
                + "information_schema.tables WHERE table_schema = 'dupe_ids' AND table_name = 'things'"))
                .containsExactly(Map.of("n", 0L));
        pipeline.run(List.of(Map.of("n", 1), Map.of("n", 2)), "things");
        assertThat(TestSupport.query(server.jdbcUrl(), TestPostgres.properties(), "SELECT count(*) AS n FROM pg_indexes WHERE "
                + "schemaname = 'dupe_ids' AND tablename = 'things' AND indexdef LIKE '%UNIQUE%(_dlt_id)%'"))
                .containsExactly(Map.of("n", 1L));
    }
}
