package io.jdlt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.jdlt.common.PipelineListener;
import io.jdlt.common.PipelineStage;
import io.jdlt.common.RunProgress;
import io.jdlt.destination.RunLock;
import io.jdlt.destination.duckdb.DuckDbDestination;
import io.jdlt.destination.filesystem.FilesystemDestination;
import io.jdlt.destination.postgres.PostgresCredentials;
import io.jdlt.destination.postgres.PostgresDestination;
import io.jdlt.destination.postgres.TestPostgres;
import io.jdlt.extract.JdltResource;
import io.jdlt.extract.JdltSource;
import io.jdlt.extract.JdltTransformer;
import io.jdlt.extract.Resource;
import io.jdlt.load.LoadPackageInfo;
import io.jdlt.storage.PackageStatus;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/** What a run shows while and after it runs (stages, progress, packages), run locks, and annotated transformers. */
class RunInspectionTest {

    @TempDir
    Path dir;

    @Test
    void listenersHearEachStageAndProgressCountsWhatEachStageDid() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        List<RunProgress.Snapshot> duringLoad = new ArrayList<>();
        Pipeline[] pipeline = new Pipeline[1];
        pipeline[0] = Jdlt.pipeline("stages").pipelinesDir(dir).destination(DuckDbDestination.at(dir.resolve("s.duckdb")))
                .listener(new PipelineListener() {
                    @Override
                    public void stageStarted(PipelineStage stage) {
                        events.add("start " + stage.label());
                    }

                    @Override
                    public void stageFinished(PipelineStage stage, @Nullable Throwable failure) {
                        events.add("end " + stage.label() + (failure == null ? "" : " failed"));
                    }

                    @Override
                    public void beforeLoadCommit(String loadId) {
                        duringLoad.add(pipeline[0].progress());
                    }
                })
                .listener(new PipelineListener() {
                    @Override
                    public void stageStarted(PipelineStage stage) {
                        events.add("second listener " + stage.label());
                    }
                })
                .build();

        pipeline[0].run(List.of(Map.of("id", 1, "tags", List.of("a", "b")), Map.of("id", 2, "tags", List.of("c"))),
                "items");

        assertThat(events).containsExactly("start extract", "second listener extract", "end extract",
                "start normalize", "second listener normalize", "end normalize", "start load", "second listener load",
                "end load");
        RunProgress.Snapshot loading = duringLoad.get(0);
        assertThat(loading.stage()).isEqualTo(PipelineStage.LOAD);
        assertThat(loading.itemsExtracted()).isEqualTo(2);
        // two parent rows, three rows of the tags child table, and the pipeline state's row
        assertThat(loading.rowsNormalized()).isEqualTo(6);
        assertThat(loading.jobsLoaded()).isGreaterThanOrEqualTo(2);
        RunProgress.Snapshot after = pipeline[0].progress();
        assertThat(after.running()).isFalse();
        assertThat(after.rowsNormalized()).isEqualTo(6);
    }

    @Test
    void aFailedStageIsHeardWithItsError() {
        List<String> events = new ArrayList<>();
        Pipeline pipeline = Jdlt.pipeline("failing").pipelinesDir(dir).destination(DuckDbDestination.at(dir.resolve(
                "f.duckdb"))).listener(new PipelineListener() {
                    @Override
                    public void stageFinished(PipelineStage stage, @Nullable Throwable failure) {
                        events.add(stage.label() + ":" + (failure == null ? "ok" : failure.getMessage()));
                    }
                }).build();

        assertThatThrownBy(() -> pipeline.run(Resource.builder("boom").emitter((ctx, out) -> {
            throw new IllegalStateException("api down");
        }).build())).hasMessageContaining("api down");
        assertThat(events).hasSize(1).first().asString().startsWith("extract:").contains("api down");
    }

    @Test
    void loadPackagesListsPendingAndLoadedPackagesWithTheirJobs() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "packages");
        pipeline.run(List.of(Map.of("id", 1)), "first");
        pipeline.extract(List.of(Map.of("id", 2)), "second");

        List<LoadPackageInfo> packages = pipeline.loadPackages(10);

        assertThat(packages).extracting(LoadPackageInfo::status).containsExactly(PackageStatus.EXTRACTED,
                PackageStatus.LOADED);
        assertThat(packages.get(0).jobs()).extracting(j -> j.tableName() + ":" + j.state()).contains("second:new");
        assertThat(packages.get(1).jobs()).extracting(j -> j.tableName() + ":" + j.state()).contains("first:completed");
        assertThat(packages.get(1).schemaName()).isEqualTo("packages");
        assertThat(pipeline.pendingPackageCount()).isEqualTo(1);
        assertThat(pipeline.loadPackages(0)).hasSize(1);
    }

    @Test
    void aRunLockIsHeldOnceUntilClosed() {
        DuckDbDestination duckdb = DuckDbDestination.at(dir.resolve("locks.duckdb"));
        Optional<RunLock> first = duckdb.tryLockRun("raw", "p");
        assertThat(first).isPresent();
        assertThat(DuckDbDestination.at(dir.resolve("locks.duckdb")).tryLockRun("raw", "p")).isEmpty();
        assertThat(duckdb.tryLockRun("raw", "other_pipeline")).isPresent().get().satisfies(RunLock::close);
        first.get().close();
        assertThat(duckdb.tryLockRun("raw", "p")).isPresent().get().satisfies(RunLock::close);

        FilesystemDestination files = FilesystemDestination.local(dir.resolve("lake"));
        try (RunLock held = files.tryLockRun("raw", "p").orElseThrow()) {
            assertThat(dir.resolve("lake/raw/_jdlt_locks/p.lock")).exists();
            assertThat(FilesystemDestination.local(dir.resolve("lake")).tryLockRun("raw", "p")).isEmpty();
        }
        assertThat(files.tryLockRun("raw", "p")).isPresent().get().satisfies(RunLock::close);
    }

    @Test
    void aPostgresRunLockExcludesOtherProcessesThroughTheServer() {
        PostgresCredentials server = TestPostgres.credentials();
        PostgresDestination one = PostgresDestination.of(server);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(server.jdbcUrl());
        dataSource.setUser(server.username());
        if (server.password() != null) {
            dataSource.setPassword(server.password());
        }
        // another location string: the JVM-local lock does not apply, only the server's advisory lock does
        PostgresDestination asAnotherProcess = PostgresDestination.of(dataSource, "another process");

        try (RunLock held = one.tryLockRun("raw", "orders").orElseThrow()) {
            assertThat(asAnotherProcess.tryLockRun("raw", "orders")).isEmpty();
            asAnotherProcess.tryLockRun("raw", "customers").orElseThrow().close();
        }
        asAnotherProcess.tryLockRun("raw", "orders").orElseThrow().close();
    }

    @JdltSource("github")
    static final class GithubSource {
        @JdltResource
        List<Map<String, Object>> repos() {
            return List.of(Map.of("full_name", "dlt-hub/dlt"), Map.of("full_name", "jdlt/jdlt"));
        }

        @JdltTransformer(dataFrom = "contributors", primaryKey = "login", writeDisposition = "merge")
        Map<String, Object> profiles(Map<String, Object> contributor) {
            return Map.of("login", contributor.get("login"), "profile", "https://github.com/" + contributor.get("login"));
        }

        @JdltTransformer(dataFrom = "repos")
        List<Map<String, Object>> contributors(Map<String, Object> repo) {
            return List.of(Map.of("repo", repo.get("full_name"), "login", repo.get("full_name").toString()
                    .split("/")[0]));
        }
    }

    @Test
    void annotatedTransformersAreFedByTheirParentsInOrder() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "transformers");

        pipeline.run(Jdlt.source(new GithubSource()));

        assertThat(TestSupport.query(pipeline, "SELECT repo, login FROM raw.contributors ORDER BY repo"))
                .containsExactly(Map.of("repo", "dlt-hub/dlt", "login", "dlt-hub"),
                        Map.of("repo", "jdlt/jdlt", "login", "jdlt"));
        assertThat(TestSupport.query(pipeline, "SELECT login, profile FROM raw.profiles ORDER BY login"))
                .containsExactly(Map.of("login", "dlt-hub", "profile", "https://github.com/dlt-hub"),
                        Map.of("login", "jdlt", "profile", "https://github.com/jdlt"));
    }

    @JdltSource("broken")
    static final class OrphanTransformer {
        @JdltResource
        List<Map<String, Object>> items() {
            return List.of(Map.of("id", 1));
        }

        @JdltTransformer(dataFrom = "nothing")
        Map<String, Object> details(Map<String, Object> item) {
            return item;
        }
    }

    @Test
    void aTransformerWithoutItsParentIsRefusedByName() {
        assertThatThrownBy(() -> Jdlt.source(new OrphanTransformer()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transformer 'details': dataFrom = \"nothing\" names no @JdltResource");
    }
}
