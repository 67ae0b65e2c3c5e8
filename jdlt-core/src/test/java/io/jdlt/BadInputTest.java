package io.jdlt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.jdlt.common.TerminalException;
import io.jdlt.extract.ExtractException;
import io.jdlt.extract.Resource;
import io.jdlt.extract.Source;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets an error that names the resource, and what was loaded before stays loaded, once. */
class BadInputTest {

    @TempDir
    Path dir;

    Pipeline pipeline;

    @BeforeEach
    void loadGoodRows() {
        pipeline = TestSupport.duckDbPipeline(dir, "bad_input");
        pipeline.run(Resource.of("items", List.of(Map.of("id", 1), Map.of("id", 2))));
    }

    static final class Opaque {
        // no getters: nothing Jackson can serialize
        private final int secret = 42;
    }

    static final class Exploding {
        public String getValue() {
            throw new IllegalStateException("boom from getter");
        }
    }

    @Test
    void itemThatIsNotJsonSerializableNamesTheResource() {
        assertThatThrownBy(() -> pipeline.run(Resource.of("items", List.of(Map.of("id", 3), new Opaque()))))
                .isInstanceOf(ExtractException.class)
                .hasMessageContaining("Resource 'items'")
                .hasMessageContaining(Opaque.class.getName())
                .hasMessageContaining("cannot be converted to JSON");
        assertThatThrownBy(() -> pipeline.run(Resource.of("items", List.of(new Exploding()))))
                .isInstanceOf(ExtractException.class)
                .hasMessageContaining("Resource 'items'")
                .hasMessageContaining("boom from getter");
        assertThat(TestSupport.count(pipeline, "items")).isEqualTo(2);
        assertThat(pipeline.hasPendingData()).isFalse();
    }

    @Test
    void nullResourceNameIsRejected() {
        assertThatThrownBy(() -> Resource.of(null, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a resource name must not be null");
        assertThatThrownBy(() -> Resource.of("  ", List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a resource name must not be blank");
    }

    @Test
    void consumedStreamNamesTheResourceAndSaysWhatToDo() {
        Stream<Map<String, Object>> stream = Stream.of(Map.of("id", 3));
        Resource once = Resource.of("streamed", stream);
        pipeline.run(once);
        assertThatThrownBy(() -> pipeline.run(once))
                .isInstanceOf(ExtractException.class)
                .hasMessageContaining("Resource 'streamed'")
                .hasMessageContaining("already consumed or closed")
                .hasMessageContaining("Supplier");
        Stream<Map<String, Object>> closed = Stream.of(Map.of("id", 4));
        closed.close();
        assertThatThrownBy(() -> pipeline.run(Resource.of("closed", closed)))
                .isInstanceOf(ExtractException.class).hasMessageContaining("Resource 'closed'");
        assertThat(TestSupport.count(pipeline, "streamed")).isEqualTo(1);
    }

    @Test
    void failingResourceNamesItselfAndLoadsNothingOfTheSource() {
        Resource good = Resource.of("good", List.of(Map.of("id", 1)));
        Resource failing = Resource.builder("failing").emitter((ctx, out) -> {
            out.emit(Map.of("id", 1));
            throw new java.io.IOException("connection reset by API");
        }).build();
        assertThatThrownBy(() -> pipeline.run(Source.of("api", good, failing)))
                .isInstanceOf(ExtractException.class)
                .hasMessageContaining("Resource 'failing'")
                .hasMessageContaining("connection reset by API");
        assertThat(pipeline.hasPendingData()).isFalse();
        assertThat(TestSupport.query(pipeline, "SELECT table_name FROM information_schema.tables "
                + "WHERE table_name IN ('good', 'failing')")).isEmpty();
    }

    @Test
    void anItemLateInABigPageFailsNamingTheResourceAndLoadsNothingOfThePage() {
        // a page of maps this big is encoded in parts, the later ones on other threads
        List<Object> page = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            page.add(Map.of("id", 100 + i));
        }
        page.set(900, Map.of("id", 1000, "secret", new Opaque()));
        assertThatThrownBy(() -> pipeline.run(Resource.builder("items").emitter((context, out) -> out.emit(page))
                .build()))
                .isInstanceOf(ExtractException.class)
                .hasMessageContaining("Resource 'items'")
                .hasMessageContaining(Opaque.class.getName());
        assertThat(TestSupport.count(pipeline, "items")).isEqualTo(2);
        assertThat(pipeline.hasPendingData()).isFalse();
    }

    @Test
    void deeplyNestedAndCyclicValuesAreRejectedWithTheirPath() {
        Map<String, Object> deep = new HashMap<>();
        Map<String, Object> cursor = deep;
        for (int i = 0; i < 5000; i++) {
            Map<String, Object> next = new HashMap<>();
            cursor.put("n", next);
            cursor = next;
        }
        assertThatThrownBy(() -> pipeline.run(Resource.of("deep", List.of(deep))))
                .isInstanceOf(ExtractException.class)
                .hasMessageContaining("Resource 'deep'")
                .hasMessageContaining("nested deeper than 255 levels");
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);
        assertThatThrownBy(() -> pipeline.run(Resource.of("cyclic", List.of(Map.of("self", cyclic)))))
                .isInstanceOf(ExtractException.class)
                .hasMessageContaining("Resource 'cyclic'");
        assertThat(TestSupport.count(pipeline, "items")).isEqualTo(2);
    }

    @Test
    void deepDataFailsCleanlyEvenOnASmallThreadStack() throws Exception {
        Map<String, Object> deep = new HashMap<>();
        Map<String, Object> cursor = deep;
        for (int i = 0; i < 10_000; i++) {
            Map<String, Object> next = new HashMap<>();
            cursor.put("n", next);
            cursor = next;
        }
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                pipeline.run(Resource.of("deep", List.of(deep)));
            }
            catch (Throwable ex) {
                failure.set(ex);
            }
        }, "small-stack", 512 * 1024);
        small.start();
        small.join();
        assertThat(failure.get()).isInstanceOf(ExtractException.class).hasMessageContaining("nested deeper than");
    }

    @Test
    void hugeStringsAndManyColumnsLoad() {
        String huge = "x".repeat(20 * 1024 * 1024);
        Map<String, Object> wide = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            wide.put("col_" + i, i);
        }
        wide.put("huge", huge);
        pipeline.run(Resource.of("big", List.of(wide)));
        assertThat(TestSupport.query(pipeline, "SELECT length(huge) AS n, col_499 FROM raw.big"))
                .containsExactly(Map.of("n", (long) huge.length(), "col_499", 499L));
    }

    @Test
    void unknownDestinationSaysWhatIsAvailable() {
        assertThatThrownBy(() -> Jdlt.pipeline("x").pipelinesDir(dir).destination("snowflake").build())
                .isInstanceOf(TerminalException.class)
                .hasMessageContaining("Unknown destination 'snowflake'")
                .hasMessageContaining("duckdb");
        assertThatThrownBy(() -> Jdlt.pipeline("bad name/../x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pipeline name");
    }
}
