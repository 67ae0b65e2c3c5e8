package io.jdlt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.jdlt.destination.duckdb.DuckDbDestination;
import io.jdlt.extract.ExtractException;
import io.jdlt.extract.Resource;
import io.jdlt.extract.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transformers fed by their parent's items, and parallelized resources on the extract worker pool. */
class TransformersAndParallelTest {

    @TempDir
    Path dir;

    private static final List<List<Map<String, Object>>> REPO_PAGES = List.of(
            List.of(Map.of("id", 1, "name", "dlt"), Map.of("id", 2, "name", "jdlt")),
            List.of(Map.of("id", 3, "name", "duckdb")));

    private static Resource repos() {
        return Resource.builder("repos").emitter((context, out) -> REPO_PAGES.forEach(out::emit)).build();
    }

    /** Two contributors per repo, as a details endpoint would return them. */
    private static Resource contributors(List<Object> received) {
        return Resource.transformer("contributors", (page, context, out) -> {
            received.add(page);
            for (Object repo : (List<?>) page) {
                Object id = ((Map<?, ?>) repo).get("id");
                out.emit(List.of(Map.of("repo_id", id, "login", "a" + id), Map.of("repo_id", id, "login", "b" + id)));
            }
        });
    }

    private Pipeline pipeline(String name) {
        return Jdlt.pipeline(name).pipelinesDir(dir.resolve("pipelines"))
                .destination(DuckDbDestination.at(dir.resolve(name + ".duckdb"))).datasetName("raw").build();
    }

    @Test
    void aTransformerGetsEachPageOfItsParentAndBothLoad() {
        Pipeline pipeline = pipeline("piped");
        List<Object> received = new ArrayList<>();
        Resource repos = repos();
        LoadInfo info = pipeline.run(Source.of("github", repos, repos.pipe(contributors(received))));

        assertThat(info.hasFailedJobs()).isFalse();
        assertThat(received).containsExactly(REPO_PAGES.get(0), REPO_PAGES.get(1));
        assertThat(TestSupport.query(pipeline, "SELECT id, name FROM raw.repos ORDER BY id")).hasSize(3);
        assertThat(TestSupport.query(pipeline, "SELECT repo_id, login FROM raw.contributors ORDER BY repo_id, login"))
                .extracting(row -> row.get("login")).containsExactly("a1", "b1", "a2", "b2", "a3", "b3");
    }

    @Test
    void aTransformerAloneRunsItsParentsWithoutLoadingThem() {
        Pipeline pipeline = pipeline("alone");
        List<Object> received = new ArrayList<>();
        Resource badges = Resource.transformer("badges", (page, context, out) -> {
            for (Object contributor : (List<?>) page) {
                out.emit(Map.of("login", ((Map<?, ?>) contributor).get("login"), "badge", "gold"));
            }
        });
        // a chain: repos | contributors | badges, of which only the last is selected
        pipeline.run(Source.of("github", repos().pipe(contributors(received)).pipe(badges)));

        assertThat(received).hasSize(2);
        assertThat(TestSupport.count(pipeline, "badges")).isEqualTo(6);
        assertThat(TestSupport.query(pipeline, "SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = 'raw' AND table_name IN ('repos', 'contributors')")).isEmpty();
    }

    @Test
    void anIncrementalParentFeedsItsTransformerOnlyNewItems() {
        Pipeline pipeline = pipeline("incremental_parent");
        List<Object> received = new ArrayList<>();
        Resource repos = repos().incremental(io.jdlt.extract.Incremental.on("id"));
        pipeline.run(Source.of("github", repos, repos.pipe(contributors(received))));
        received.clear();
        pipeline.run(Source.of("github", repos, repos.pipe(contributors(received))));

        // the second run sees only id 3 again (the cursor's boundary), which was loaded: nothing reaches the transformer
        assertThat(received).isEmpty();
        assertThat(TestSupport.count(pipeline, "contributors")).isEqualTo(6);
    }

    @Test
    void fourParallelizedResourcesWaitOnIoAtTheSameTime() {
        CountDownLatch allStarted = new CountDownLatch(4);
        Map<String, long[]> spans = new ConcurrentHashMap<>();
        List<Resource> resources = new ArrayList<>();
        for (String name : List.of("users", "orders", "items", "events")) {
            resources.add(Resource.builder(name).emitter((context, out) -> {
                long entered = System.nanoTime();
                allStarted.countDown();
                // stands in for a slow HTTP call: it returns only once all four have started
                if (!allStarted.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(name + " waited 30 s for the other resources to start");
                }
                out.emit(List.of(Map.of("id", 1, "source", name), Map.of("id", 2, "source", name)));
                spans.put(name, new long[] { entered, System.nanoTime() });
            }).build().parallelized());
        }
        Pipeline pipeline = pipeline("parallel");
        pipeline.run(Source.of("shop", resources));

        // every resource entered before any of them left: their executions overlapped
        long lastEntered = spans.values().stream().mapToLong(span -> span[0]).max().orElseThrow();
        long firstLeft = spans.values().stream().mapToLong(span -> span[1]).min().orElseThrow();
        assertThat(spans).hasSize(4);
        assertThat(lastEntered).isLessThan(firstLeft);
        for (String table : List.of("users", "orders", "items", "events")) {
            assertThat(TestSupport.count(pipeline, table)).isEqualTo(2);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "parallelized {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = { "transformer", "parent" })
    void aTransformerHandlesSeveralItemsAtOnceWhenItOrItsParentIsParallelized(String parallelized) {
        CountDownLatch allStarted = new CountDownLatch(4);
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        Resource details = Resource.transformer("details", (item, context, out) -> {
            threads.add(Thread.currentThread().getName());
            allStarted.countDown();
            if (!allStarted.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("item " + item + " waited 30 s for the other items");
            }
            out.emit(Map.of("id", ((Map<?, ?>) item).get("id"), "detail", "x"));
        });
        // each item emitted alone: four calls of the transformer
        Resource ids = Resource.builder("ids").emitter((context, out) -> {
            for (int id = 1; id <= 4; id++) {
                out.emit(Map.of("id", id));
            }
        }).build();
        if (parallelized.equals("parent")) {
            ids = ids.parallelized();
        }
        else {
            details = details.parallelized();
        }
        Pipeline pipeline = Jdlt.pipeline("fan_out").pipelinesDir(dir.resolve("pipelines"))
                .destination(DuckDbDestination.at(dir.resolve("fan_out.duckdb"))).datasetName("raw")
                .extractWorkers(5).maxParallelItems(4).build();
        pipeline.run(Source.of("api", ids, ids.pipe(details)));

        assertThat(threads).hasSize(4).allMatch(name -> name.startsWith("jdlt-extract-"));
        assertThat(TestSupport.count(pipeline, "details")).isEqualTo(4);
        assertThat(TestSupport.count(pipeline, "ids")).isEqualTo(4);
    }

    @Test
    void aFailingParallelizedResourceFailsTheExtractionByNameAndLoadsNothing() {
        Resource good = Resource.builder("good").emitter((context, out) -> out.emit(Map.of("id", 1))).build()
                .parallelized();
        Resource bad = Resource.builder("bad").emitter((context, out) -> {
            throw new java.io.IOException("connection reset");
        }).build().parallelized();
        Pipeline pipeline = pipeline("failing");

        assertThatThrownBy(() -> pipeline.run(Source.of("shop", good, bad)))
                .isInstanceOf(ExtractException.class)
                .hasMessageContaining("bad").hasMessageContaining("connection reset");
        assertThat(pipeline.hasPendingData()).isFalse();
    }

    @Test
    void wrongUseIsRefusedByName() {
        Resource unbound = Resource.transformer("orphan", (item, context, out) -> out.emit(item));
        assertThatThrownBy(() -> pipeline("orphan").run(Source.of("s", unbound)))
                .isInstanceOf(ExtractException.class).hasMessageContaining("orphan")
                .hasMessageContaining("transformer without a parent");

        Resource checkpointed = repos().checkpointEvery(1);
        Resource parallel = Resource.of("other", List.of(Map.of("id", 1))).parallelized();
        assertThatThrownBy(() -> pipeline("checkpointed").run(Source.of("s", checkpointed, parallel)))
                .isInstanceOf(ExtractException.class).hasMessageContaining("repos")
                .hasMessageContaining("checkpointEvery cannot be used in a source with parallelized resources");

        assertThatThrownBy(() -> repos().dataFrom(repos())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'repos' has data of its own");
        assertThatThrownBy(() -> Jdlt.pipeline("workers").pipelinesDir(dir).destination(DuckDbDestination.at(dir.resolve("w.duckdb"))).extractWorkers(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("extract workers must be at least 1");
    }

    @Test
    void asyncItemsAreWrittenWhenTheyCompleteWithoutAThreadWaitingForEach() {
        List<java.util.concurrent.CompletableFuture<Map<String, Object>>> calls =
                Collections.synchronizedList(new ArrayList<>());
        List<String> writtenOn = Collections.synchronizedList(new ArrayList<>());
        Resource pages = Resource.builder("pages").emitter((context, out) -> {
            for (int id = 1; id <= 4; id++) {
                var call = new java.util.concurrent.CompletableFuture<Map<String, Object>>();
                var answered = call.thenApply(page -> {
                    writtenOn.add(Thread.currentThread().getName());
                    return page;
                });
                calls.add(call);
                out.emit(answered);
            }
        }).build();
        // the "HTTP client": answers only once all four calls are out, in reverse order, on a thread of its own
        Thread client = new Thread(() -> {
            while (calls.size() < 4) {
                Thread.onSpinWait();
            }
            for (int i = 3; i >= 0; i--) {
                calls.get(i).complete(Map.of("id", i + 1, "body", "page " + (i + 1)));
            }
        }, "http-client");
        client.start();
        Pipeline pipeline = pipeline("async");
        pipeline.run(Source.of("api", pages));

        assertThat(writtenOn).hasSize(4).containsOnly("http-client");
        assertThat(TestSupport.query(pipeline, "SELECT id FROM raw.pages ORDER BY id")).extracting(row -> row.get("id"))
                .containsExactly(1L, 2L, 3L, 4L);

        Resource failing = Resource.of("failing", List.of(java.util.concurrent.CompletableFuture.failedFuture(
                new java.io.IOException("HTTP 503 from https://api.example.com/items"))));
        assertThatThrownBy(() -> pipeline("async_failing").run(Source.of("api", failing)))
                .isInstanceOf(ExtractException.class).hasMessageContaining("'failing'")
                .hasMessageContaining("HTTP 503 from https://api.example.com/items");
    }

    @Test
    void aPublisherIsReadOneItemAtATime() {
        java.util.concurrent.Flow.Publisher<Object> publisher = subscriber -> {
            var submissions = new java.util.concurrent.SubmissionPublisher<Object>();
            submissions.subscribe(subscriber);
            new Thread(() -> {
                for (int page = 0; page < 3; page++) {
                    submissions.submit(List.of(Map.of("id", page * 2), Map.of("id", page * 2 + 1)));
                }
                submissions.close();
            }, "publisher").start();
        };
        Pipeline pipeline = pipeline("publisher");
        pipeline.run(Resource.builder("published").data(publisher).build());
        assertThat(TestSupport.count(pipeline, "published")).isEqualTo(6);

        java.util.concurrent.Flow.Publisher<Object> broken = subscriber -> {
            subscriber.onSubscribe(new java.util.concurrent.Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("stream closed by the server"));
        };
        assertThatThrownBy(() -> pipeline("broken").run(Resource.builder("broken").data(broken).build()))
                .isInstanceOf(ExtractException.class).hasMessageContaining("'broken'")
                .hasMessageContaining("stream closed by the server");
    }
}
