package io.jdlt.destination.duckdb;

import java.util.List;
import java.util.Map;

import io.jdlt.TestSupport;
import io.jdlt.destination.Destination;
import io.jdlt.destination.DestinationTestKit;
import io.jdlt.destination.ReplaceStrategy;

import static org.assertj.core.api.Assertions.assertThat;

/** DuckDB passes the destination test kit, on a real database file. */
class DuckDbDestinationTest extends DestinationTestKit {

    @Override
    protected Destination destination(ReplaceStrategy replaceStrategy) {
        // arguments of parameterized tests ask for the capabilities before the temporary folder exists
        return DuckDbDestination.at(dir == null ? java.nio.file.Path.of("kit.duckdb") : dir.resolve("kit.duckdb"))
                .withReplaceStrategy(replaceStrategy);
    }

    @org.junit.jupiter.api.Test
    void aDatasetNamedLikeTheDatabaseFileLoads() {
        io.jdlt.Pipeline pipeline = io.jdlt.Jdlt.pipeline("kit").pipelinesDir(dir.resolve("same_name"))
                .destination(destination(ReplaceStrategy.TRUNCATE_AND_INSERT)).datasetName("kit").build();
        pipeline.run(List.of(Map.of("id", 1)), "items");
        org.assertj.core.api.Assertions.assertThat(query("SELECT count(*) AS n FROM kit.kit.items"))
                .containsExactly(Map.of("n", 1L));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(io.jdlt.format.LoaderFileFormat.class)
    void aTableOfManyJobFilesLoadsEveryRowOnce(io.jdlt.format.LoaderFileFormat format) {
        io.jdlt.Pipeline pipeline = io.jdlt.Jdlt.pipeline("many_files").pipelinesDir(dir.resolve("many_" + format))
                .destination(destination(ReplaceStrategy.TRUNCATE_AND_INSERT)).datasetName("many_" + format)
                .loaderFileFormat(format).dataWriter(io.jdlt.format.DataWriterSettings.DEFAULTS.withFileMaxItems(7L))
                .build();
        List<Map<String, Object>> rows = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> Map.<String, Object>of("id", i, "tags", List.of("a" + i, "b" + i))).toList();

        io.jdlt.LoadInfo info = pipeline.run(rows, "items");

        // 50 rows in files of 7 are 8 files; their 100 child rows 15
        assertThat(info.loadPackages().get(0).jobs().stream().filter(j -> j.tableName().equals("items"))).hasSize(8);
        assertThat(info.loadPackages().get(0).jobs().stream().filter(j -> j.tableName().equals("items__tags")))
                .hasSize(15);
        String table = "many_" + format + ".items";
        assertThat(query("SELECT count(*) AS n, count(DISTINCT id) AS ids, sum(id) AS s FROM " + table))
                .containsExactly(Map.of("n", 50L, "ids", 50L, "s", java.math.BigInteger.valueOf(1225)));
        assertThat(query("SELECT count(*) AS n, count(DISTINCT t.value) AS v FROM " + table + "__tags t JOIN " + table
                + " p ON p._dlt_id = t._dlt_parent_id")).containsExactly(Map.of("n", 100L, "v", 100L));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"JSONL, Malformed JSON", "CSV, Conversion Error"})
    void aRefusedFileAmongATablesFilesIsTheFailedJob(io.jdlt.format.LoaderFileFormat format, String error)
            throws java.io.IOException {
        io.jdlt.Pipeline pipeline = oneWorkerPipeline("refused", format,
                io.jdlt.format.DataWriterSettings.DEFAULTS.withFileMaxItems(5L).withDisableCompression(true));
        pipeline.extract(java.util.stream.IntStream.range(0, 12).mapToObj(i -> Map.of("id", i)).toList(), "items");
        pipeline.normalize();
        List<java.nio.file.Path> itemFiles = itemJobs(pipeline);
        assertThat(itemFiles).hasSize(3);
        // the second file: JSON that does not parse, or a CSV id that is not a number
        java.nio.file.Files.writeString(itemFiles.get(1), format == io.jdlt.format.LoaderFileFormat.JSONL
                ? "{\"id\": 5, \"_dlt_load_id\": \"x\", \"_dlt_id\": \"y\"}\n{ this is not json\n"
                : java.nio.file.Files.readString(itemFiles.get(1)).replaceFirst("\n6,", "\nsix,"));

        io.jdlt.load.LoadFailedException failure = org.assertj.core.api.Assertions.catchThrowableOfType(
                pipeline::load, io.jdlt.load.LoadFailedException.class);

        assertThat(failure.loadPackage().failedJobs()).singleElement().satisfies(job -> assertThat(job.fileName())
                .isEqualTo(itemFiles.get(1).getFileName().toString()));
        assertThat(failure.getMessage()).contains(error);
        // nothing of the package was committed
        assertThat(query("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'refused' "
                + "AND table_name = 'items'")).containsExactly(Map.of("n", 0L));
    }

    /** A refusal that names no file, among files loaded in one statement, says so in the failed job's message. */
    @org.junit.jupiter.api.Test
    void aRefusalThatNamesNoFileSaysWhichFilesWereLoadedTogether() {
        io.jdlt.Pipeline pipeline = oneWorkerPipeline("unnamed", io.jdlt.format.LoaderFileFormat.JSONL,
                io.jdlt.format.DataWriterSettings.DEFAULTS.withFileMaxItems(5L));
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            rows.add(i == 11 ? Map.of("id", i) : Map.of("id", i, "x", i));
        }
        io.jdlt.extract.Resource items = io.jdlt.extract.Resource.of("items", rows)
                .column("x", io.jdlt.extract.ColumnSpec.of(io.jdlt.schema.DataType.BIGINT).nullable(false));

        io.jdlt.load.LoadFailedException failure = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> pipeline.run(items), io.jdlt.load.LoadFailedException.class);

        assertThat(failure.loadPackage().failedJobs()).singleElement().satisfies(job -> assertThat(job.failedMessage())
                .contains("NOT NULL").contains("in one of the 3 job files of table 'items' loaded together"));
    }

    /**
     * A replace without rows in Parquet, by a pipeline whose schema has no columns for the table (a new working dir):
     * the destination's table is emptied all the same.
     */
    @org.junit.jupiter.api.Test
    void aParquetReplaceWithoutRowsEmptiesATableTheSchemaHasNoColumnsFor() {
        io.jdlt.Pipeline first = io.jdlt.Jdlt.pipeline("lost").pipelinesDir(dir.resolve("lost_1"))
                .destination(destination(ReplaceStrategy.TRUNCATE_AND_INSERT)).datasetName("lost")
                .loaderFileFormat(io.jdlt.format.LoaderFileFormat.PARQUET).build();
        first.run(io.jdlt.extract.Resource.of("items", List.of(Map.of("id", 1), Map.of("id", 2)))
                .writeDisposition(io.jdlt.schema.WriteDisposition.REPLACE));
        assertThat(query("SELECT count(*) AS n FROM lost.items")).containsExactly(Map.of("n", 2L));

        io.jdlt.Pipeline second = io.jdlt.Jdlt.pipeline("lost").pipelinesDir(dir.resolve("lost_2"))
                .destination(destination(ReplaceStrategy.TRUNCATE_AND_INSERT)).datasetName("lost")
                .loaderFileFormat(io.jdlt.format.LoaderFileFormat.PARQUET).restoreFromDestination(false).build();
        second.run(io.jdlt.extract.Resource.of("items", List.of())
                .writeDisposition(io.jdlt.schema.WriteDisposition.REPLACE));

        assertThat(query("SELECT count(*) AS n FROM lost.items")).containsExactly(Map.of("n", 0L));
    }

    @org.junit.jupiter.api.Test
    void csvFilesRotateAtFileMaxBytes() throws java.io.IOException {
        io.jdlt.Pipeline pipeline = oneWorkerPipeline("bytes", io.jdlt.format.LoaderFileFormat.CSV,
                io.jdlt.format.DataWriterSettings.DEFAULTS.withFileMaxBytes(5000L).withDisableCompression(true));
        pipeline.extract(java.util.stream.IntStream.range(0, 2000).mapToObj(i -> Map.of("id", i)).toList(), "items");
        pipeline.normalize();

        List<java.nio.file.Path> itemFiles = itemJobs(pipeline);
        // 2000 rows of about 50 bytes are about 100 KB: files of at most 5000 bytes and one row
        assertThat(itemFiles).hasSizeGreaterThan(15);
        for (java.nio.file.Path file : itemFiles) {
            assertThat(java.nio.file.Files.size(file)).isLessThan(5200);
        }
        pipeline.load();
        assertThat(query("SELECT count(*) AS n, count(DISTINCT id) AS ids FROM bytes.items"))
                .containsExactly(Map.of("n", 2000L, "ids", 2000L));
    }

    /**
     * Normalize records each CSV job's longest line; DuckDB sizes its CSV reader by it (a 5 MB value goes over
     * DuckDB's default line size) and reads without the record (a package from elsewhere) all the same.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void csvJobsLoadWithOrWithoutTheirRecordedLongestLine(boolean recorded) throws java.io.IOException {
        io.jdlt.Pipeline pipeline = oneWorkerPipeline("lines_" + recorded, io.jdlt.format.LoaderFileFormat.CSV,
                io.jdlt.format.DataWriterSettings.DEFAULTS.withFileMaxItems(4L));
        String big = "x".repeat(5 << 20);
        pipeline.extract(java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> Map.<String, Object>of("id", i, "text", i == 6 ? big : "t" + i)).toList(), "items");
        pipeline.normalize();
        java.nio.file.Path packageRoot = pipeline.workingDir().resolve("load/normalized")
                .resolve(pipeline.loadPackages(0).get(0).loadId());
        Map<String, Object> lines = io.jdlt.json.Json.readMap(packageRoot.resolve("csv_line_bytes.json"));
        List<java.nio.file.Path> itemFiles = itemJobs(pipeline);
        assertThat(itemFiles).hasSize(3);
        assertThat(((Number) lines.get(itemFiles.get(0).getFileName().toString())).longValue()).isLessThan(200);
        assertThat(((Number) lines.get(itemFiles.get(1).getFileName().toString())).longValue())
                .isGreaterThan(5L << 20);
        if (!recorded) {
            java.nio.file.Files.delete(packageRoot.resolve("csv_line_bytes.json"));
        }

        pipeline.load().raiseOnFailedJobs();

        String table = "lines_" + recorded + ".items";
        assertThat(query("SELECT count(*) AS n, max(length(text)) AS longest FROM " + table))
                .containsExactly(Map.of("n", 10L, "longest", (long) big.length()));
    }

    /**
     * A pipeline into {@code dataset}, in a folder of its own per format, that normalizes in one thread: its job files
     * come in the order of the rows, so a test can name the second one.
     */
    private io.jdlt.Pipeline oneWorkerPipeline(String dataset, io.jdlt.format.LoaderFileFormat format,
            io.jdlt.format.DataWriterSettings writer) {
        return io.jdlt.Jdlt.pipeline(dataset).pipelinesDir(dir.resolve(dataset + "_" + format))
                .destination(destination(ReplaceStrategy.TRUNCATE_AND_INSERT)).datasetName(dataset)
                .loaderFileFormat(format).normalizeWorkers(1).dataWriter(writer).build();
    }

    private static List<java.nio.file.Path> itemJobs(io.jdlt.Pipeline pipeline) throws java.io.IOException {
        java.nio.file.Path jobs = pipeline.workingDir().resolve("load/normalized")
                .resolve(pipeline.loadPackages(0).get(0).loadId()).resolve("new_jobs");
        try (var files = java.nio.file.Files.list(jobs)) {
            return files.filter(f -> f.getFileName().toString().startsWith("items.")).sorted().toList();
        }
    }

    @Override
    protected String[] destinationSpec() {
        return new String[] {"duckdb", dir.resolve("kit.duckdb").toString()};
    }

    @Override
    protected List<Map<String, Object>> query(String sql) {
        return TestSupport.query(dir.resolve("kit.duckdb"), sql);
    }

    @Override
    protected void execute(String sql) {
        TestSupport.execute("jdbc:duckdb:" + dir.resolve("kit.duckdb"), new java.util.Properties(), sql);
    }
}
