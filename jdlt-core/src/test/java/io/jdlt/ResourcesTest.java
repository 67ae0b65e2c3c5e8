package io.jdlt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.jdlt.extract.ExtractInfo;
import io.jdlt.extract.Resource;
import io.jdlt.extract.Source;
import io.jdlt.json.Json;
import io.jdlt.format.DataWriterSettings;
import io.jdlt.storage.JobFileName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What resources may yield, how sources group them, and the load packages extract writes. */
class ResourcesTest {

    @TempDir
    Path dir;

    record Pokemon(int id, String name, LocalDate caught, List<String> types) {
    }

    public static final class Trainer {
        private final String name;
        private final int badges;

        Trainer(String name, int badges) {
            this.name = name;
            this.badges = badges;
        }

        public String getName() {
            return name;
        }

        public int getBadges() {
            return badges;
        }
    }

    @Test
    void itemsMayBeMapsRecordsBeansJsonNodesAndScalars() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "kinds");
        pipeline.run(Source.of("kinds",
                Resource.of("pokemon", List.of(new Pokemon(1, "bulbasaur", LocalDate.of(2024, 1, 2), List.of("grass", "poison")))),
                Resource.of("trainers", List.of(new Trainer("ash", 8))),
                Resource.of("nodes", List.of(Json.MAPPER.readTree("[{\"a\": 1}, {\"a\": 2}]"))),
                Resource.of("numbers", Stream.of(1, 2, 3)),
                Resource.of("maps", () -> List.of(Map.of("k", "v")))));

        assertThat(TestSupport.columnTypes(pipeline, "pokemon")).containsEntry("id", "BIGINT")
                .containsEntry("caught", "DATE");
        assertThat(TestSupport.query(pipeline, "SELECT value FROM raw.pokemon__types ORDER BY _dlt_list_idx"))
                .extracting(r -> r.get("value")).containsExactly("grass", "poison");
        assertThat(TestSupport.query(pipeline, "SELECT name, badges FROM raw.trainers"))
                .containsExactly(Map.of("name", "ash", "badges", 8L));
        assertThat(TestSupport.count(pipeline, "nodes")).isEqualTo(2);
        assertThat(TestSupport.query(pipeline, "SELECT value FROM raw.numbers ORDER BY value"))
                .extracting(r -> r.get("value")).containsExactly(1L, 2L, 3L);
        assertThat(TestSupport.count(pipeline, "maps")).isEqualTo(1);
        assertThat(pipeline.schema("kinds")).isPresent();
    }

    @Test
    void aJsonObjectIsOneItemAndJdbcDatesKeepTheirType() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "json_object");
        pipeline.run(Source.of("json_object",
                Resource.of("user", () -> Json.MAPPER.readTree("{\"id\": 1, \"name\": \"a\"}")),
                Resource.of("user_direct", Json.MAPPER.readTree("{\"id\": 2, \"name\": \"b\"}")),
                Resource.of("jdbc", List.of(Map.of("d", java.sql.Date.valueOf("2024-01-02"),
                        "t", java.sql.Time.valueOf("10:11:12"),
                        "ts", java.sql.Timestamp.valueOf("2024-01-02 10:11:12"))))));
        assertThat(TestSupport.query(pipeline, "SELECT id, name FROM raw.user"))
                .containsExactly(Map.of("id", 1L, "name", "a"));
        assertThat(TestSupport.query(pipeline, "SELECT id, name FROM raw.user_direct"))
                .containsExactly(Map.of("id", 2L, "name", "b"));
        assertThat(TestSupport.columnTypes(pipeline, "jdbc")).containsEntry("d", "DATE").containsEntry("t", "TIME")
                .containsEntry("ts", "TIMESTAMP WITH TIME ZONE");
    }

    @Test
    void emitterYieldsPagesAndTableNameHintRenamesTheTable() {
        Resource pages = Resource.builder("Paged Resource")
                .tableName("PagedItems")
                .emitter((ctx, out) -> {
                    assertThat(ctx.tableName()).isEqualTo("paged_items");
                    for (int page = 0; page < 3; page++) {
                        int first = page * 2;
                        out.emit(List.of(Map.of("id", first), Map.of("id", first + 1)));
                    }
                })
                .build();
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "pages");
        pipeline.run(pages);
        assertThat(TestSupport.count(pipeline, "paged_items")).isEqualTo(6);
    }

    @Test
    void maxTableNestingPerResourceAndPerSource() {
        Map<String, Object> nested = Map.of("id", 1, "a", Map.of("b", Map.of("c", 1)), "l", List.of(Map.of("x", 1)));
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "nesting");
        pipeline.run(Source.of("nesting",
                Resource.of("flat", List.of(nested)).maxTableNesting(0),
                Resource.of("default_nesting", List.of(nested))).maxTableNesting(1));

        assertThat(TestSupport.columnTypes(pipeline, "flat")).containsEntry("a", "JSON").containsEntry("l", "JSON");
        assertThat(TestSupport.columnTypes(pipeline, "default_nesting")).containsEntry("a__b", "JSON")
                .doesNotContainKey("l");
        assertThat(TestSupport.count(pipeline, "default_nesting__l")).isEqualTo(1);
        assertThat(TestSupport.query(pipeline, "SELECT CAST(a AS VARCHAR) AS a FROM raw.flat"))
                .containsExactly(Map.of("a", "{\"b\":{\"c\":1}}"));
    }

    @Test
    void aBigPageIsWrittenInItsOrderAndRotatedBetweenItems() throws IOException {
        Pipeline pipeline = Jdlt.pipeline("big_page").pipelinesDir(dir)
                .destination(io.jdlt.destination.duckdb.DuckDbDestination.at(dir.resolve("big_page.duckdb"))).datasetName("raw")
                .dataWriter(DataWriterSettings.DEFAULTS.withFileMaxItems(300L).withDisableCompression(true))
                .build();
        List<Map<String, Object>> page = java.util.stream.IntStream.range(0, 1000)
                .mapToObj(i -> Map.<String, Object>of("id", i, "name", "n" + i)).toList();
        ExtractInfo extracted = pipeline.extract(Resource.builder("paged").emitter((context, out) -> out.emit(page))
                .build());

        List<List<Integer>> files = new java.util.ArrayList<>();
        try (Stream<Path> jobs = Files.list(dir.resolve("big_page/normalize/extracted").resolve(extracted.loadId())
                .resolve("new_jobs"))) {
            for (Path job : jobs.filter(p -> p.getFileName().toString().startsWith("paged.")).toList()) {
                String text = Files.readString(job);
                assertThat(text).endsWith("}\n");
                files.add(text.lines().map(line -> ((Number) Json.readMap(line).get("id")).intValue()).toList());
            }
        }
        // every file holds whole items, consecutive and in order; together they hold each item once
        assertThat(files).extracting(List::size).containsExactlyInAnyOrder(300, 300, 300, 100);
        files.sort(java.util.Comparator.comparing(ids -> ids.get(0)));
        assertThat(files.stream().flatMap(List::stream).toList())
                .isEqualTo(java.util.stream.IntStream.range(0, 1000).boxed().toList());

        pipeline.normalize();
        pipeline.load();
        assertThat(TestSupport.count(pipeline, "paged")).isEqualTo(1000);
    }

    /** An object whose getter needs the thread that made it, as a lazily loaded JPA entity needs its session's. */
    public static final class ThreadBound {
        private final Thread owner = Thread.currentThread();
        private final int id;

        ThreadBound(int id) {
            this.id = id;
        }

        public int getId() {
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("no session on thread " + Thread.currentThread().getName());
            }
            return id;
        }
    }

    /** A list of a library (as a Hibernate collection) that loads its elements on the thread that made it. */
    static final class ThreadBoundList extends java.util.AbstractList<Integer> {
        private final Thread owner = Thread.currentThread();

        @Override
        public Integer get(int index) {
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("no session on thread " + Thread.currentThread().getName());
            }
            return index;
        }

        @Override
        public int size() {
            return 2;
        }
    }

    @Test
    void objectsThatNeedTheEmittingThreadAreReadOnIt() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "thread_bound");
        List<Object> beans = java.util.stream.IntStream.range(0, 1000).mapToObj(ThreadBound::new)
                .map(Object.class::cast).toList();
        // maps are encoded on helper threads: the one nested object is then read again where it was emitted
        List<Object> maps = java.util.stream.IntStream.range(0, 1000)
                .mapToObj(i -> (Object) Map.of("id", i, "owner", new ThreadBound(i), "tags", new ThreadBoundList()))
                .toList();
        pipeline.run(Source.of("bound", Resource.builder("beans").emitter((context, out) -> out.emit(beans)).build(),
                Resource.builder("maps").emitter((context, out) -> out.emit(maps)).build()));

        assertThat(TestSupport.count(pipeline, "beans")).isEqualTo(1000);
        assertThat(TestSupport.query(pipeline, "SELECT count(*) AS n FROM raw.maps WHERE owner__id = id"))
                .containsExactly(Map.of("n", 1000L));
        assertThat(TestSupport.count(pipeline, "maps__tags")).isEqualTo(2000);
    }

    @Test
    void aBigPageRotatedByBytesEndsEachFileOnAnItem() throws IOException {
        Pipeline pipeline = Jdlt.pipeline("big_bytes").pipelinesDir(dir)
                .destination(io.jdlt.destination.duckdb.DuckDbDestination.at(dir.resolve("big_bytes.duckdb")))
                .dataWriter(DataWriterSettings.DEFAULTS.withFileMaxBytes(4000L).withDisableCompression(true))
                .build();
        List<Map<String, Object>> page = java.util.stream.IntStream.range(0, 1000)
                .mapToObj(i -> Map.<String, Object>of("id", i)).toList();
        ExtractInfo extracted = pipeline.extract(Resource.builder("paged").emitter((context, out) -> out.emit(page))
                .build());

        List<List<Integer>> files = new java.util.ArrayList<>();
        List<Integer> sizes = new java.util.ArrayList<>();
        try (Stream<Path> jobs = Files.list(dir.resolve("big_bytes/normalize/extracted").resolve(extracted.loadId())
                .resolve("new_jobs"))) {
            for (Path job : jobs.filter(p -> p.getFileName().toString().startsWith("paged.")).toList()) {
                String text = Files.readString(job);
                // a file closes with the item that reaches the limit: at most one line ({"id":999}) past it
                assertThat(text).endsWith("}\n").hasSizeLessThan(4000 + 12);
                sizes.add(text.length());
                files.add(text.lines().map(line -> ((Number) Json.readMap(line).get("id")).intValue()).toList());
            }
        }
        // 10,890 bytes of lines: two files closed by the limit, the rest in a third
        assertThat(files).hasSize(3);
        assertThat(sizes.stream().filter(size -> size >= 4000)).hasSize(2);
        files.sort(java.util.Comparator.comparing(ids -> ids.get(0)));
        assertThat(files.stream().flatMap(List::stream).toList())
                .isEqualTo(java.util.stream.IntStream.range(0, 1000).boxed().toList());
    }

    @Test
    void extractWritesDltPackagesRotatedBySettings() throws IOException {
        Pipeline pipeline = Jdlt.pipeline("layout").pipelinesDir(dir)
                .destination(io.jdlt.destination.duckdb.DuckDbDestination.at(dir.resolve("layout.duckdb")))
                .dataWriter(DataWriterSettings.DEFAULTS.withBufferMaxItems(2).withFileMaxItems(3L))
                .build();
        List<Map<String, Object>> rows = java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> Map.<String, Object>of("id", i)).toList();
        ExtractInfo extracted = pipeline.extract(rows, "rotated");
        assertThat(extracted.itemCounts()).containsEntry("rotated", 10L);

        Path packageDir = dir.resolve("layout/normalize/extracted").resolve(extracted.loadId());
        assertThat(packageDir.resolve("schema.json")).exists();
        assertThat(packageDir.resolve("load_package_state.json")).exists();
        List<JobFileName> jobs;
        try (Stream<Path> files = Files.list(packageDir.resolve("new_jobs"))) {
            jobs = files.map(p -> JobFileName.parse(p.getFileName().toString())).toList();
        }
        assertThat(jobs.stream().filter(j -> j.tableName().equals("rotated"))).hasSize(4)
                .allSatisfy(j -> {
                    assertThat(j.format()).isEqualTo("typed-jsonl");
                    assertThat(j.fileId()).hasSize(15).matches("[0-9a-f]+");
                    assertThat(j.retryCount()).isZero();
                    assertThat(j.compressed()).isTrue();
                });

        pipeline.normalize();
        Path normalized = dir.resolve("layout/load/normalized").resolve(extracted.loadId());
        assertThat(normalized.resolve("schema_updates.json")).exists();
        try (Stream<Path> files = Files.list(normalized.resolve("new_jobs"))) {
            assertThat(files.map(p -> JobFileName.parse(p.getFileName().toString()))
                    .filter(j -> j.tableName().equals("rotated"))).hasSize(4).allMatch(j -> j.format().equals("jsonl"));
        }
        LoadInfo info = pipeline.load();
        assertThat(pipeline.datasetName()).isEqualTo("layout_dataset");
        assertThat(TestSupport.query(pipeline, "SELECT count(*) AS n FROM layout_dataset.rotated"))
                .containsExactly(Map.of("n", 10L));
        Path loaded = dir.resolve("layout/load/loaded").resolve(extracted.loadId());
        assertThat(loaded.resolve("package_completed.json")).exists();
        try (Stream<Path> files = Files.list(loaded.resolve("completed_jobs"))) {
            assertThat(files.count()).isEqualTo(5); // 4 data files and the pipeline state
        }
        assertThat(info.loadPackages().get(0).jobs()).hasSize(5);
        assertThat(dir.resolve("layout/schemas/layout.schema.json")).exists();
        assertThat(dir.resolve("layout/state.json")).exists();
    }

    @Test
    void devModeLoadsIntoAFreshDatasetEachTime() {
        Pipeline pipeline = Jdlt.pipeline("dev").pipelinesDir(dir)
                .destination(io.jdlt.destination.duckdb.DuckDbDestination.at(dir.resolve("dev.duckdb")))
                .datasetName("raw").devMode(true).build();
        assertThat(pipeline.datasetName()).matches("raw_\\d{14}");
        pipeline.run(List.of(Map.of("id", 1)), "items");
        assertThat(TestSupport.query(pipeline, "SELECT count(*) AS n FROM \"" + pipeline.datasetName() + "\".items"))
                .containsExactly(Map.of("n", 1L));
    }

    @Test
    void pipelineStateIsStoredLocallyAndInTheDestination() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "stateful");
        LoadInfo info = pipeline.run(List.of(Map.of("id", 1)), "items");
        List<Map<String, Object>> state = TestSupport.query(pipeline,
                "SELECT version, engine_version, pipeline_name, state, version_hash, _dlt_load_id FROM raw._dlt_pipeline_state");
        assertThat(state).hasSize(1);
        assertThat(state.get(0)).containsEntry("version", 1L).containsEntry("engine_version", 4L)
                .containsEntry("pipeline_name", "stateful").containsEntry("_dlt_load_id", info.loadIds().get(0));
        @SuppressWarnings("unchecked")
        Map<String, Object> decoded = Json.MAPPER.readValue(Json.unzlibBase64((String) state.get(0).get("state")), Map.class);
        assertThat(decoded).containsEntry("pipeline_name", "stateful").containsEntry("dataset_name", "raw")
                .containsEntry("default_schema_name", "stateful").doesNotContainKey("_local");

        // unchanged state is not sent again
        pipeline.run(List.of(Map.of("id", 2)), "items");
        assertThat(TestSupport.count(pipeline, "_dlt_pipeline_state")).isEqualTo(1);
    }
}
