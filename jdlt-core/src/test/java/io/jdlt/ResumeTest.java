package io.jdlt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import io.jdlt.common.TransientException;
import io.jdlt.extract.Resource;
import io.jdlt.load.LoadFailedException;
import io.jdlt.storage.JobState;
import io.jdlt.storage.PackageStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packages left behind by a run that stopped between stages are finished by the next run, before new data, and
 * are never loaded twice (reference §1, §9.3).
 */
class ResumeTest {

    @TempDir
    Path dir;

    private static Resource rows(String table, int... ids) {
        return Resource.of(table, java.util.Arrays.stream(ids).mapToObj(id -> Map.<String, Object>of("id", id)).toList());
    }

    @Test
    void aPackageWithAJobARunRefusedBeforeItDiedIsAbortedNotLoadedWithoutThatJob() throws IOException {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "refused_then_died");
        pipeline.extract(Resource.of("items", List.of(Map.of("id", 1), Map.of("id", 2))));
        pipeline.normalize();
        // as a run leaves it when it dies between refusing a job and aborting its package
        io.jdlt.storage.LoadPackage pending = new io.jdlt.storage.LoadPackage(
                pipeline.pendingPackages().get(0).loadId(), pipeline.workingDir().resolve("load/normalized")
                        .resolve(pipeline.pendingPackages().get(0).loadId()));
        Path job = pending.jobs(JobState.NEW).stream().filter(p -> p.getFileName().toString().startsWith("items."))
                .findFirst().orElseThrow();
        pending.writeFailure(pending.moveJob(job, JobState.FAILED), "Conversion Error: refused by the destination");

        assertThatThrownBy(pipeline::load).isInstanceOf(LoadFailedException.class)
                .hasMessageContaining("refused by the destination");
        assertThat(pipeline.abortedPackages()).singleElement()
                .extracting(io.jdlt.load.LoadPackageInfo::status).isEqualTo(PackageStatus.ABORTED);
        assertThat(TestSupport.query(pipeline, "SELECT count(*) AS n FROM information_schema.tables "
                + "WHERE table_name = 'items'")).containsExactly(Map.of("n", 0L));
    }

    @Test
    void extractedPackageIsNormalizedAndLoadedBeforeNewData() {
        Pipeline first = TestSupport.duckDbPipeline(dir, "resume_extracted");
        first.extract(rows("events", 1, 2));
        assertThat(first.hasPendingData()).isTrue();

        // a new pipeline instance, as after a restart of the process
        Pipeline second = TestSupport.duckDbPipeline(dir, "resume_extracted");
        LoadInfo info = second.run(rows("events", 3));

        assertThat(info.loadPackages()).hasSize(2).allMatch(p -> p.status() == PackageStatus.LOADED);
        assertThat(TestSupport.query(second, "SELECT id FROM raw.events ORDER BY id")).extracting(r -> r.get("id"))
                .containsExactly(1L, 2L, 3L);
        assertThat(second.hasPendingData()).isFalse();
    }

    @Test
    void normalizedPackageIsLoadedByRunWithoutData() throws IOException {
        Pipeline first = TestSupport.duckDbPipeline(dir, "resume_normalized");
        first.extract(rows("events", 1, 2));
        first.normalize();
        assertThat(Files.list(first.workingDir().resolve("load/normalized")).count()).isEqualTo(1);

        LoadInfo info = TestSupport.duckDbPipeline(dir, "resume_normalized").run();
        assertThat(info.loadPackages()).hasSize(1);
        assertThat(TestSupport.count(first, "events")).isEqualTo(2);
    }

    @Test
    void packageCommittedBeforeACrashIsNotLoadedAgain() throws IOException {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "resume_committed");
        LoadInfo info = pipeline.run(rows("events", 1, 2));
        String loadId = info.loadIds().get(0);
        // the crash: the destination committed, but the package never moved out of load/normalized
        Path loaded = pipeline.workingDir().resolve("load/loaded").resolve(loadId);
        Path normalized = pipeline.workingDir().resolve("load/normalized").resolve(loadId);
        Files.move(loaded, normalized);
        try (Stream<Path> jobs = Files.list(normalized.resolve(JobState.COMPLETED.folder()))) {
            for (Path job : jobs.toList()) {
                Files.move(job, normalized.resolve(JobState.STARTED.folder()).resolve(job.getFileName()));
            }
        }

        LoadInfo again = TestSupport.duckDbPipeline(dir, "resume_committed").run();
        assertThat(again.loadIds()).containsExactly(loadId);
        assertThat(TestSupport.count(pipeline, "events")).isEqualTo(2);
        assertThat(TestSupport.count(pipeline, "_dlt_loads")).isEqualTo(1);
        assertThat(Files.isDirectory(loaded)).isTrue();
    }

    @Test
    void halfExtractedAndHalfNormalizedFoldersAreDiscarded() throws IOException {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "resume_partial");
        Files.createDirectories(pipeline.workingDir().resolve("extract/1700000000.000001/new_jobs"));
        Files.createDirectories(pipeline.workingDir().resolve("load/new/1700000000.000002/new_jobs"));

        Pipeline restarted = TestSupport.duckDbPipeline(dir, "resume_partial");
        assertThat(restarted.workingDir().resolve("extract/1700000000.000001")).doesNotExist();
        assertThat(restarted.workingDir().resolve("load/new/1700000000.000002")).doesNotExist();
        assertThat(restarted.run(rows("events", 1)).loadPackages()).hasSize(1);
    }

    /** The job file of a table in the one package waiting in load/normalized. */
    private static Path normalizedJob(Pipeline pipeline, String table) throws IOException {
        Path packageDir;
        try (Stream<Path> packages = Files.list(pipeline.workingDir().resolve("load/normalized"))) {
            packageDir = packages.findFirst().orElseThrow();
        }
        try (Stream<Path> jobs = Files.list(packageDir.resolve("new_jobs"))) {
            return jobs.filter(p -> p.getFileName().toString().startsWith(table + ".")).findFirst().orElseThrow();
        }
    }

    @Test
    void failedJobAbortsThePackageAndKeepsEarlierData() throws IOException {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "failed_job");
        pipeline.run(rows("events", 1, 2));
        pipeline.extract(rows("events", 3));
        pipeline.normalize();
        // corrupt the normalized job so the destination rejects it
        Path job = normalizedJob(pipeline, "events");
        Path packageDir = job.getParent().getParent();
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(job))) {
            out.write("{\"id\": \"not a number\", \"_dlt_id\": \"x\", \"_dlt_load_id\": \"y\"}\n".getBytes());
        }

        assertThatThrownBy(pipeline::load).isInstanceOf(LoadFailedException.class)
                .hasMessageContaining("Loading table 'events'")
                .hasMessageContaining(job.getFileName().toString())
                .hasMessageContaining("was aborted");
        assertThat(TestSupport.query(pipeline, "SELECT id FROM raw.events ORDER BY id")).extracting(r -> r.get("id"))
                .containsExactly(1L, 2L);
        assertThat(TestSupport.count(pipeline, "_dlt_loads")).isEqualTo(1);
        Path aborted = pipeline.workingDir().resolve("load/loaded").resolve(packageDir.getFileName());
        assertThat(aborted.resolve("failed_jobs").resolve(job.getFileName())).exists();
        assertThat(aborted.resolve("failed_jobs").resolve(job.getFileName() + ".exception")).exists();
        assertThat(pipeline.hasPendingData()).isFalse();
    }

    @Test
    void fileTheDatabaseCannotReadLeavesThePackagePendingAsATransientError() throws IOException {
        // gzip-compressed loader files, as configured: a file that is not gzip cannot be read at all
        Pipeline pipeline = Jdlt.pipeline("transient").pipelinesDir(dir.resolve("pipelines"))
                .destination(io.jdlt.destination.duckdb.DuckDbDestination.at(dir.resolve("transient.duckdb")))
                .datasetName("raw").dataWriter(io.jdlt.format.DataWriterSettings.DEFAULTS).build();
        pipeline.run(rows("events", 1));
        pipeline.extract(rows("events", 2));
        pipeline.normalize();
        Path job = normalizedJob(pipeline, "events");
        Path packageDir = job.getParent().getParent();
        byte[] original = Files.readAllBytes(job);
        Files.write(job, new byte[] {1, 2, 3}); // not gzip: DuckDB reports an IO Error

        assertThatThrownBy(pipeline::load).isInstanceOf(io.jdlt.common.TransientException.class)
                .hasMessageContaining("Loading table 'events'")
                .hasMessageContaining("stays pending");
        assertThat(pipeline.hasPendingData()).isTrue();
        assertThat(packageDir.resolve("new_jobs").resolve(job.getFileName())).exists();
        assertThat(TestSupport.count(pipeline, "events")).isEqualTo(1);

        // the cause goes away (here: the file is repaired) and the next run loads the package once
        Files.write(packageDir.resolve("new_jobs").resolve(job.getFileName()), original);
        assertThat(pipeline.run().loadPackages()).hasSize(1);
        assertThat(TestSupport.query(pipeline, "SELECT id FROM raw.events ORDER BY id")).extracting(r -> r.get("id"))
                .containsExactly(1L, 2L);
    }

    @Test
    void twoInstancesOfOnePipelineRunOneAtATimeAndLoadEveryPackageOnce() throws Exception {
        Pipeline first = TestSupport.duckDbPipeline(dir, "concurrent");
        Pipeline second = TestSupport.duckDbPipeline(dir, "concurrent");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<LoadInfo>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Pipeline pipeline = i % 2 == 0 ? first : second;
                int id = i;
                runs.add(pool.submit(() -> pipeline.run(rows("events", id))));
            }
            for (java.util.concurrent.Future<LoadInfo> run : runs) {
                run.get();
            }
        }
        finally {
            pool.shutdown();
        }
        assertThat(TestSupport.query(first, "SELECT id FROM raw.events ORDER BY id")).extracting(r -> r.get("id"))
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(TestSupport.query(first, "SELECT count(*) AS n, count(DISTINCT load_id) AS d FROM raw._dlt_loads"))
                .containsExactly(Map.of("n", 6L, "d", 6L));
    }

    @Test
    void failedJobCanBeReportedInsteadOfThrown() throws IOException {
        Pipeline pipeline = Jdlt.pipeline("report_failed").pipelinesDir(dir)
                .destination(io.jdlt.destination.duckdb.DuckDbDestination.at(dir.resolve("report.duckdb")))
                .datasetName("raw").raiseOnFailedJobs(false).build();
        pipeline.extract(rows("events", 1));
        pipeline.normalize();
        Path packageDir;
        try (Stream<Path> packages = Files.list(pipeline.workingDir().resolve("load/normalized"))) {
            packageDir = packages.findFirst().orElseThrow();
        }
        try (Stream<Path> jobs = Files.list(packageDir.resolve("new_jobs"));
                OutputStream out = new GZIPOutputStream(Files.newOutputStream(
                        jobs.filter(p -> p.getFileName().toString().startsWith("events.")).findFirst().orElseThrow()))) {
            out.write("{\"id\": [1, 2]}\n".getBytes());
        }
        LoadInfo info = pipeline.load();
        assertThat(info.hasFailedJobs()).isTrue();
        assertThat(info.toString()).contains("ABORTED").contains("FAILED job");
        assertThatThrownBy(info::raiseOnFailedJobs).isInstanceOf(LoadFailedException.class)
                .hasMessageContaining("failed job");
        List<Map<String, Object>> tables = TestSupport.query(pipeline, "SELECT table_name FROM information_schema.tables "
                + "WHERE table_name = 'events'");
        assertThat(tables).isEmpty();
    }
}
