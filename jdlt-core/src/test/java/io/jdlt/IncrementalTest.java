package io.jdlt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.jdlt.extract.ExtractException;
import io.jdlt.extract.Incremental;
import io.jdlt.extract.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dlt's incremental cases D1 and D2 (reference §7), end to end into DuckDB. */
class IncrementalTest {

    @TempDir
    Path dir;

    private static Map<String, Object> event(int updatedAt, int id) {
        return Map.of("updated_at", updatedAt, "id", id);
    }

    private static Resource events(Incremental<Integer> cursor, List<Map<String, Object>> rows) {
        return Resource.builder("events").primaryKey("id").incremental(cursor).data(rows).build();
    }

    private List<Object> ids(Pipeline pipeline) {
        return TestSupport.query(pipeline, "SELECT id FROM raw.events ORDER BY id").stream().map(r -> r.get("id")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cursorState(Pipeline pipeline, String source, String cursor) {
        Map<String, Object> sources = (Map<String, Object>) pipeline.state().get("sources");
        Map<String, Object> resources = (Map<String, Object>) ((Map<String, Object>) sources.get(source)).get("resources");
        Map<String, Object> incremental = (Map<String, Object>) ((Map<String, Object>) resources.get("events")).get("incremental");
        return (Map<String, Object>) incremental.get(cursor);
    }

    @Test
    void deduplicatesTheBoundaryAndSkipsWhatWasLoaded() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "d1");
        Incremental<Integer> cursor = Incremental.on("updated_at");
        pipeline.run(events(cursor, List.of(event(1, 1), event(2, 2), event(3, 3))));
        Map<String, Object> state = cursorState(pipeline, "d1", "updated_at");
        assertThat(state).containsEntry("last_value", 3L);
        // dlt's verified hash of the primary key value 3
        assertThat((List<Object>) state.get("unique_hashes")).containsExactly("Cn/dwi436vBbdERZ9hKf");

        List<Map<String, Object>> second = List.of(event(3, 3), event(3, 4), event(0, 0), event(4, 5), event(4, 6));
        pipeline.run(events(cursor, second));
        assertThat(ids(pipeline)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);

        Map<String, Object> before = cursorState(pipeline, "d1", "updated_at");
        pipeline.run(events(cursor, second));
        assertThat(ids(pipeline)).hasSize(6);
        assertThat(cursorState(pipeline, "d1", "updated_at")).isEqualTo(before);
        assertThat(before).containsEntry("last_value", 4L);
        assertThat((List<Object>) before.get("unique_hashes")).hasSize(2);
    }

    @Test
    void missingCursorValuesRaiseOrAreIncludedOrExcluded() {
        List<Map<String, Object>> rows = new ArrayList<>(List.of(event(1, 1)));
        rows.add(Map.of("id", 2));
        Pipeline raising = TestSupport.duckDbPipeline(dir, "missing_raise");
        assertThatThrownBy(() -> raising.run(events(Incremental.on("updated_at"), rows)))
                .isInstanceOf(ExtractException.class).hasMessageContaining("Resource 'events'")
                .hasMessageContaining("'updated_at' is missing");

        Pipeline including = TestSupport.duckDbPipeline(dir, "missing_include");
        including.run(events(Incremental.<Integer>on("updated_at")
                .onCursorValueMissing(Incremental.OnCursorValueMissing.INCLUDE), rows));
        assertThat(ids(including)).containsExactly(1L, 2L);

        Pipeline excluding = TestSupport.duckDbPipeline(dir, "missing_exclude");
        excluding.run(events(Incremental.<Integer>on("updated_at")
                .onCursorValueMissing(Incremental.OnCursorValueMissing.EXCLUDE), rows));
        assertThat(ids(excluding)).containsExactly(1L);
    }

    private static List<Map<String, Object>> oneToSeven() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            rows.add(event(i, i));
        }
        return rows;
    }

    @Test
    void rangesOpenAndClosed() {
        Pipeline halfOpen = TestSupport.duckDbPipeline(dir, "range_half_open");
        halfOpen.run(events(Incremental.<Integer>on("updated_at").initialValue(3).endValue(6), oneToSeven()));
        assertThat(ids(halfOpen)).containsExactly(3L, 4L, 5L);
        // an end value makes the cursor stateless
        assertThat(halfOpen.state().get("sources").toString()).doesNotContain("last_value");

        Pipeline closed = TestSupport.duckDbPipeline(dir, "range_closed");
        closed.run(events(Incremental.<Integer>on("updated_at").initialValue(3).endValue(6)
                .rangeEnd(Incremental.Boundary.CLOSED), oneToSeven()));
        assertThat(ids(closed)).containsExactly(3L, 4L, 5L, 6L);

        Pipeline open = TestSupport.duckDbPipeline(dir, "range_open_start");
        open.run(events(Incremental.<Integer>on("updated_at").initialValue(3).rangeStart(Incremental.Boundary.OPEN),
                oneToSeven()));
        assertThat(ids(open)).containsExactly(4L, 5L, 6L, 7L);
    }

    @Test
    void minCursorsReadBackwards() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "min_cursor");
        pipeline.run(events(Incremental.<Integer>on("updated_at").initialValue(5)
                .lastValueFunc(Incremental.LastValueFunction.MIN), oneToSeven()));
        assertThat(ids(pipeline)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(cursorState(pipeline, "min_cursor", "updated_at")).containsEntry("last_value", 1L);
    }

    @Test
    void aSortedSourceStopsOncePastTheEnd() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "row_order");
        List<Integer> pagesRead = new ArrayList<>();
        Resource paged = Resource.builder("events").primaryKey("id")
                .incremental(Incremental.<Integer>on("updated_at").initialValue(1).endValue(4)
                        .rowOrder(Incremental.RowOrder.ASC))
                .emitter((ctx, out) -> {
                    for (int page = 0; page < 10; page++) {
                        pagesRead.add(page);
                        out.emit(List.of(event(page * 2, page * 2), event(page * 2 + 1, page * 2 + 1)));
                    }
                })
                .build();
        pipeline.run(paged);
        assertThat(ids(pipeline)).containsExactly(1L, 2L, 3L);
        assertThat(pagesRead).containsExactly(0, 1, 2);
    }

    @Test
    void nestedPathsTimestampsLagAndTheContextView() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "nested_path");
        List<Object> seenStarts = new ArrayList<>();
        Resource.Builder builder = Resource.builder("events").primaryKey("id")
                .incremental(Incremental.<String>on("$.meta.updated_at").initialValue("2024-01-01T00:00:00Z")
                        .lag(Duration.ofHours(1)));
        Resource first = builder.emitter((ctx, out) -> {
            seenStarts.add(ctx.incremental().startValue());
            out.emit(List.of(Map.of("id", 1, "meta", Map.of("updated_at", "2024-01-01T10:00:00Z")),
                    Map.of("id", 2, "meta", Map.of("updated_at", "2023-12-31T00:00:00Z"))));
        }).build();
        pipeline.run(first);
        assertThat(ids(pipeline)).containsExactly(1L);
        Resource second = builder.emitter((ctx, out) -> {
            seenStarts.add(ctx.incremental().startValue());
            // within the lag window: loaded again (dedup is off with a lag, as in dlt)
            out.emit(List.of(Map.of("id", 3, "meta", Map.of("updated_at", "2024-01-01T09:30:00+00:00")),
                    Map.of("id", 4, "meta", Map.of("updated_at", "2024-01-01T08:00:00Z"))));
        }).build();
        pipeline.run(second);
        assertThat(ids(pipeline)).containsExactly(1L, 3L);
        assertThat(seenStarts).containsExactly("2024-01-01T00:00:00Z", "2024-01-01T09:00:00Z");
    }

    @Test
    void theBoundaryStateIsBounded() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "bounded");
        Incremental<Integer> cursor = Incremental.<Integer>on("updated_at").maxBoundaryHashes(3);
        List<Map<String, Object>> sameValue = new ArrayList<>();
        for (int id = 0; id < 5; id++) {
            sameValue.add(event(7, id));
        }
        pipeline.run(events(cursor, sameValue));
        Map<String, Object> state = cursorState(pipeline, "bounded", "updated_at");
        assertThat(state).containsEntry("boundary_overflow", true);
        assertThat((List<Object>) state.get("unique_hashes")).isEmpty();
        // past the bound the boundary value is left out, never loaded twice
        pipeline.run(events(cursor, sameValue));
        assertThat(ids(pipeline)).hasSize(5);
        sameValue.add(event(8, 9));
        pipeline.run(events(cursor, sameValue));
        assertThat(ids(pipeline)).hasSize(6);
        assertThat(cursorState(pipeline, "bounded", "updated_at")).doesNotContainKey("boundary_overflow");
    }

    @Test
    void anEndValueNeedsAnInitialValue() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "bad_range");
        assertThatThrownBy(() -> pipeline.run(events(Incremental.<Integer>on("updated_at").endValue(3), oneToSeven())))
                .isInstanceOf(ExtractException.class).hasMessageContaining("Resource 'events'")
                .hasMessageContaining("an end value needs an initial value");
    }

    @Test
    void aLaggedCursorNeverMovesBackAndKeepsItsType() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "lagged");
        List<Object> starts = new ArrayList<>();
        Incremental<Long> cursor = Incremental.<Long>on("updated_at").initialValue(0L).lag(10);
        Resource.Builder builder = Resource.builder("events").primaryKey("id").incremental(cursor);
        pipeline.run(builder.data(List.of(event(100, 1))).build());
        for (int run = 0; run < 3; run++) {
            pipeline.run(builder.emitter((ctx, out) -> starts.add(ctx.incremental().startValue())).build());
        }
        assertThat(starts).containsExactly(90L, 90L, 90L);
        assertThat(cursorState(pipeline, "lagged", "updated_at")).containsEntry("last_value", 100L);
    }

    @Test
    void cursorValuesComeBackInTheirTypeAndDatesLagByDays() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "typed_cursor");
        List<Object> seen = new ArrayList<>();
        Resource.Builder builder = Resource.builder("events").primaryKey("id")
                .incremental(Incremental.<java.time.LocalDate>on("day").initialValue(java.time.LocalDate.of(2024, 1, 1))
                        .lag(Duration.ofDays(1)));
        pipeline.run(builder.data(List.of(Map.of("id", 1, "day", java.time.LocalDate.of(2024, 1, 5)))).build());
        pipeline.run(builder.emitter((ctx, out) -> seen.add(ctx.incremental().startValue())).build());
        assertThat(seen).containsExactly(java.time.LocalDate.of(2024, 1, 4));

        Pipeline integers = TestSupport.duckDbPipeline(dir, "integer_cursor");
        List<Object> values = new ArrayList<>();
        Resource.Builder ints = Resource.builder("events").primaryKey("id")
                .incremental(Incremental.<Integer>on("updated_at").initialValue(0));
        integers.run(ints.data(List.of(event(5, 1))).build());
        integers.run(ints.emitter((ctx, out) -> {
            Integer last = (Integer) ctx.incremental().lastValue();
            values.add(last);
        }).build());
        assertThat(values).containsExactly(5);
    }

    @Test
    void cursorPathsThroughListsTakeTheFirstMatchOrCountAsMissing() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "list_paths");
        pipeline.run(Resource.builder("events").primaryKey("id")
                .incremental(Incremental.<Integer>on("$.versions[*].ts")
                        .onCursorValueMissing(Incremental.OnCursorValueMissing.EXCLUDE))
                .data(List.of(Map.of("id", 1, "versions", List.of(Map.of("ts", 4), Map.of("ts", 1))),
                        Map.of("id", 2, "versions", List.of()), Map.of("id", 3, "versions", "not a list")))
                .build());
        assertThat(ids(pipeline)).containsExactly(1L);
        assertThat(cursorState(pipeline, "list_paths", "$.versions[*].ts")).containsEntry("last_value", 4L);
    }

    @Test
    void checkpointsNeedACursorThatFollowsTheSourceOrder() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "unordered_checkpoint");
        Resource unordered = Resource.builder("events").primaryKey("id").checkpointEvery(1)
                .incremental(Incremental.on("updated_at"))
                .data(List.of(List.of(event(5, 1)), List.of(event(7, 2)), List.of(event(3, 3))))
                .build();
        assertThatThrownBy(() -> pipeline.run(unordered)).isInstanceOf(ExtractException.class)
                .hasMessageContaining("cannot commit a checkpoint").hasMessageContaining("rowOrder(ASC)");

        Pipeline ordered = TestSupport.duckDbPipeline(dir, "ordered_checkpoint");
        ordered.run(Resource.builder("events").primaryKey("id").checkpointEvery(1)
                .incremental(Incremental.<Integer>on("updated_at").rowOrder(Incremental.RowOrder.ASC))
                .data(List.of(List.of(event(3, 1)), List.of(event(5, 2)), List.of(event(7, 3))))
                .build());
        assertThat(ids(ordered)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aStateFileOlderThanItsPackageDoesNotLoadItemsTwice() throws Exception {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "stale_state");
        Incremental<Integer> cursor = Incremental.on("updated_at");
        pipeline.run(events(cursor, List.of(event(1, 1), event(2, 2))));
        Path stateFile = pipeline.workingDir().resolve("state.json");
        byte[] before = java.nio.file.Files.readAllBytes(stateFile);
        pipeline.extract(events(cursor, List.of(event(3, 3))));
        // the crash: the package was committed, state.json was not written
        java.nio.file.Files.write(stateFile, before);

        TestSupport.duckDbPipeline(dir, "stale_state").run(events(cursor, List.of(event(2, 2), event(3, 3))));
        assertThat(ids(pipeline)).containsExactly(1L, 2L, 3L);
    }
}
