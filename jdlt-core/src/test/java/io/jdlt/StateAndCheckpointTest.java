package io.jdlt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.jdlt.extract.ExtractException;
import io.jdlt.extract.ExtractInfo;
import io.jdlt.extract.Resource;
import io.jdlt.extract.Source;
import io.jdlt.schema.WriteDisposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resource and source state across runs, and checkpoints of long extractions. */
class StateAndCheckpointTest {

    @TempDir
    Path dir;

    @Test
    void resourceAndSourceStateLastAcrossRunsAndFailuresLeaveThemUntouched() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "stateful");
        List<Object> seen = new ArrayList<>();
        AtomicInteger fail = new AtomicInteger();
        Resource counter = Resource.builder("counter").emitter((ctx, out) -> {
            long runs = ((Number) ctx.state().getOrDefault("runs", 0L)).longValue();
            seen.add(runs);
            ctx.state().put("runs", runs + 1);
            ctx.sourceState().put("last_resource", ctx.resourceName());
            out.emit(Map.of("run", runs));
            if (fail.get() == 1) {
                throw new IllegalStateException("the API went away");
            }
        }).build();
        pipeline.run(Source.of("api", counter));
        pipeline.run(Source.of("api", counter));
        fail.set(1);
        assertThatThrownBy(() -> pipeline.run(Source.of("api", counter))).isInstanceOf(ExtractException.class);
        fail.set(0);
        pipeline.run(Source.of("api", counter));

        // the failed run's state change went with its discarded package
        assertThat(seen).containsExactly(0L, 1L, 2L, 2L);
        assertThat(TestSupport.query(pipeline, "SELECT run FROM raw.counter ORDER BY run")).extracting(r -> r.get("run"))
                .containsExactly(0L, 1L, 2L);
        @SuppressWarnings("unchecked")
        Map<String, Object> source = (Map<String, Object>) ((Map<String, Object>) pipeline.state().get("sources")).get("api");
        assertThat(source).containsEntry("last_resource", "counter");
    }

    private static Resource backfill(List<Integer> pagesRead, int crashAtPage) {
        return Resource.builder("history").checkpointEvery(3).emitter((ctx, out) -> {
            int next = ((Number) ctx.state().getOrDefault("next_page", 0L)).intValue();
            for (int page = next; page < 10; page++) {
                if (page == crashAtPage) {
                    throw new IllegalStateException("the process died at page " + page);
                }
                pagesRead.add(page);
                out.emit(List.of(Map.of("page", page, "row", 0), Map.of("page", page, "row", 1)));
                ctx.state().put("next_page", page + 1);
            }
        }).build();
    }

    @Test
    void aBackfillThatDiesResumesFromItsLastCheckpoint() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "backfill");
        List<Integer> pagesRead = new ArrayList<>();
        assertThatThrownBy(() -> pipeline.run(backfill(pagesRead, 7))).isInstanceOf(ExtractException.class);
        // checkpoints before pages 3 and 6 committed pages 0..5; page 6 died with the run
        assertThat(pipeline.hasPendingData()).isTrue();

        Pipeline restarted = TestSupport.duckDbPipeline(dir, "backfill");
        LoadInfo info = restarted.run(backfill(pagesRead, -1));
        assertThat(pagesRead).containsExactly(0, 1, 2, 3, 4, 5, 6, 6, 7, 8, 9);
        assertThat(info.loadPackages().size()).isGreaterThanOrEqualTo(4);
        assertThat(TestSupport.query(pipeline, "SELECT count(*) AS n, count(DISTINCT page) AS pages, min(page) AS lo, "
                + "max(page) AS hi FROM raw.history")).containsExactly(Map.of("n", 20L, "pages", 10L, "lo", 0L, "hi", 9L));
    }

    @Test
    void aCheckpointThatCanNeverLoadKeepsTheStateOfTheCheckpointsBeforeIt() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "poisoned_backfill");
        List<Integer> pagesRead = new ArrayList<>();
        // page 7 has a row without the "row" it declares not nullable: the checkpoint of pages 6..8 cannot load
        Resource poisoned = Resource.builder("history").checkpointEvery(3)
                .column("row", io.jdlt.extract.ColumnSpec.of(io.jdlt.schema.DataType.BIGINT).nullable(false))
                .emitter((ctx, out) -> {
                    int next = ((Number) ctx.state().getOrDefault("next_page", 0L)).intValue();
                    for (int page = next; page < 10; page++) {
                        pagesRead.add(page);
                        Map<String, Object> second = new java.util.HashMap<>(Map.of("page", page));
                        second.put("row", page == 7 ? null : 1);
                        out.emit(List.of(Map.of("page", page, "row", 0), second));
                        ctx.state().put("next_page", page + 1);
                    }
                }).build();
        assertThatThrownBy(() -> pipeline.run(poisoned)).isInstanceOf(io.jdlt.normalize.NormalizeException.class)
                .hasMessageContaining("'row'");
        // the checkpoints of pages 0..2 and 3..5 loaded; 6..8 was aborted, and 9, extracted on its state, with it
        assertThat(pipeline.hasPendingData()).isFalse();
        assertThat(pipeline.abortedPackages()).hasSize(2);
        assertThat(TestSupport.query(pipeline, "SELECT count(*) AS n, max(page) AS hi FROM raw.history"))
                .containsExactly(Map.of("n", 12L, "hi", 5L));
        assertThat(pipeline.state().toString()).contains("next_page=6");

        // the source fixed: the backfill resumes at page 6, the first page not loaded
        TestSupport.duckDbPipeline(dir, "poisoned_backfill").run(backfill(pagesRead, -1));
        assertThat(pagesRead.subList(10, pagesRead.size())).containsExactly(6, 7, 8, 9);
        assertThat(TestSupport.query(pipeline, "SELECT count(*) AS n, count(DISTINCT page) AS pages, min(page) AS lo, "
                + "max(page) AS hi FROM raw.history")).containsExactly(Map.of("n", 20L, "pages", 10L, "lo", 0L, "hi", 9L));
    }

    /** A source whose package can never normalize: a null primary key under merge. It changes no state. */
    private static Source usersWithANullPrimaryKey() {
        Map<String, Object> noId = new java.util.HashMap<>(Map.of("name", "no id"));
        noId.put("id", null);
        return Source.of("api", Resource.builder("users").primaryKey("id").writeDisposition(WriteDisposition.merge())
                .data(List.of(Map.of("id", 1, "name", "a"), noId)).build());
    }

    @Test
    void onlyPackagesExtractedOnTheStateAnAbortedPackageChangedAreAbortedWithIt() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "dependents");
        Resource counter = Resource.builder("counter").emitter((ctx, out) -> {
            long runs = ((Number) ctx.state().getOrDefault("runs", 0L)).longValue();
            ctx.state().put("runs", runs + 1);
            out.emit(Map.of("run", runs));
        }).build();
        pipeline.run(Source.of("api", counter));
        // a package that changes the state, then one that changes nothing and can never normalize, then another
        pipeline.extract(Source.of("api", counter));
        pipeline.extract(usersWithANullPrimaryKey());
        pipeline.extract(Source.of("api", Resource.of("events", List.of(Map.of("id", 1)))));

        assertThatThrownBy(pipeline::run).isInstanceOf(io.jdlt.normalize.NormalizeException.class);
        // the poisoned package changed no state: nothing extracted after it depends on it
        assertThat(pipeline.abortedPackages()).hasSize(1);
        pipeline.run();
        assertThat(pipeline.hasPendingData()).isFalse();
        assertThat(TestSupport.query(pipeline, "SELECT run FROM raw.counter ORDER BY run")).extracting(r -> r.get("run"))
                .containsExactly(0L, 1L);
        assertThat(TestSupport.count(pipeline, "events")).isEqualTo(1);
        assertThat(pipeline.state().toString()).contains("runs=2");
    }

    @Test
    void theFirstPackageOfANewPipelineTakesNothingWithItWhenItChangedNoSourceState() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "fresh");
        // the first package records the pipeline's dataset and schema in its state, but no source's state
        pipeline.extract(usersWithANullPrimaryKey());
        pipeline.extract(Source.of("api", Resource.of("events", List.of(Map.of("id", 1)))));

        assertThatThrownBy(pipeline::run).isInstanceOf(io.jdlt.normalize.NormalizeException.class);
        assertThat(pipeline.abortedPackages()).hasSize(1);
        pipeline.run();
        assertThat(TestSupport.count(pipeline, "events")).isEqualTo(1);
    }

    @Test
    void checkpointsMakeOnePackageEach() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "packages");
        ExtractInfo info = pipeline.extract(backfill(new ArrayList<>(), -1));
        assertThat(info.loadIds()).hasSize(4);
        assertThat(info.itemCounts()).containsEntry("history", 20L);
        pipeline.normalize();
        pipeline.load();
        assertThat(TestSupport.count(pipeline, "history")).isEqualTo(20);
        assertThat(TestSupport.count(pipeline, "_dlt_loads")).isEqualTo(4);
    }

    @Test
    void replaceResourcesCannotCheckpoint() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "replace_checkpoint");
        Resource snapshot = Resource.builder("snapshot").writeDisposition(WriteDisposition.REPLACE).emitter((ctx, out) -> {
            out.emit(Map.of("id", 1));
            ctx.checkpoint();
        }).build();
        assertThatThrownBy(() -> pipeline.run(snapshot)).isInstanceOf(ExtractException.class)
                .hasMessageContaining("cannot commit a checkpoint").hasMessageContaining("replace the rows");
    }

    @Test
    void scd2AndMergeKeyResourcesCannotCheckpoint() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "scd2_checkpoint");
        Resource dimension = Resource.builder("dim").checkpointEvery(1)
                .writeDisposition(WriteDisposition.scd2(io.jdlt.schema.Scd2Options.DEFAULTS))
                .data(List.of(Map.of("id", 1), Map.of("id", 2))).build();
        assertThatThrownBy(() -> pipeline.run(dimension)).isInstanceOf(ExtractException.class)
                .hasMessageContaining("scd2");
        Resource partitions = Resource.builder("days").checkpointEvery(1).mergeKey("day")
                .writeDisposition(WriteDisposition.merge())
                .data(List.of(Map.of("id", 1, "day", "d1"), Map.of("id", 2, "day", "d1"))).build();
        assertThatThrownBy(() -> pipeline.run(partitions)).isInstanceOf(ExtractException.class)
                .hasMessageContaining("merge key");
    }
}
