package io.jdlt.destination.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.jdlt.Jdlt;
import io.jdlt.LoadInfo;
import io.jdlt.Pipeline;
import io.jdlt.TestSupport;
import io.jdlt.destination.DestinationContext;
import io.jdlt.destination.Destinations;
import io.jdlt.extract.Incremental;
import io.jdlt.extract.Resource;
import io.jdlt.schema.WriteDisposition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem destination on a local folder; the files are read back with DuckDB. */
class FilesystemDestinationTest {

    @TempDir
    Path dir;

    private Pipeline pipeline(String name, FilesystemDestination destination) {
        return Jdlt.pipeline(name).pipelinesDir(dir.resolve("pipelines")).destination(destination).datasetName("lake")
                .build();
    }

    private Path bucket() {
        return dir.resolve("bucket");
    }

    private List<String> files(String folder) throws Exception {
        Path path = bucket().resolve("lake").resolve(folder);
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).map(p -> path.relativize(p).toString()).sorted().toList();
        }
    }

    private List<Map<String, Object>> read(String table, String select) {
        return read(table, select, "");
    }

    private List<Map<String, Object>> read(String table, String select, String tail) {
        return TestSupport.query(dir.resolve("reader.duckdb"), "SELECT " + select + " FROM read_json('"
                + bucket().resolve("lake").resolve(table) + "/**/*.jsonl.gz', format = 'newline_delimited') " + tail);
    }

    @Test
    void appendsFilesInDltsLayoutWithItsOwnTablesBeside() throws Exception {
        Pipeline pipeline = pipeline("files", FilesystemDestination.local(bucket()));
        LoadInfo first = pipeline.run(Resource.of("events", List.of(Map.of("id", 1, "tags", List.of("a")))));
        pipeline.run(Resource.of("events", List.of(Map.of("id", 2, "tags", List.of("b")))));

        assertThat(files("events")).hasSize(2).allMatch(f -> f.matches("\\d+\\.\\d+\\.[0-9a-f]{15}\\.jsonl\\.gz"));
        assertThat(files("events").get(0)).startsWith(first.loadIds().get(0) + ".");
        assertThat(files("events__tags")).hasSize(2);
        assertThat(read("events", "count(*) AS n")).containsExactly(Map.of("n", 2L));
        assertThat(files("_dlt_loads")).hasSize(2).allMatch(f -> f.startsWith("files__") && f.endsWith(".jsonl"));
        assertThat(files("_dlt_version")).isNotEmpty();
        assertThat(files("_dlt_pipeline_state")).hasSize(1).allMatch(f -> f.startsWith("files__"));
        assertThat(Files.readString(bucket().resolve("lake/init"))).contains("\"current_version\":2");
        assertThat(first.toString()).contains("filesystem");
    }

    @Test
    void replaceKeepsOnlyTheLastLoadAndMergeAppends() throws Exception {
        Pipeline pipeline = pipeline("replace", FilesystemDestination.local(bucket()));
        pipeline.run(Resource.of("snap", List.of(Map.of("id", 1, "l", List.of(1)))).writeDisposition(WriteDisposition.REPLACE));
        pipeline.run(Resource.of("snap", List.of(Map.of("id", 2, "l", List.of(2)))).writeDisposition(WriteDisposition.REPLACE));
        assertThat(read("snap", "id")).containsExactly(Map.of("id", 2L));
        assertThat(read("snap__l", "value")).containsExactly(Map.of("value", 2L));
        pipeline.run(Resource.of("snap", List.of()).writeDisposition(WriteDisposition.REPLACE));
        assertThat(files("snap")).isEmpty();

        pipeline.run(Resource.of("merged", List.of(Map.of("id", 1))).primaryKey("id").writeDisposition(WriteDisposition.merge()));
        pipeline.run(Resource.of("merged", List.of(Map.of("id", 1))).primaryKey("id").writeDisposition(WriteDisposition.merge()));
        assertThat(read("merged", "count(*) AS n")).containsExactly(Map.of("n", 2L));
    }

    /** 1000 events (1100 with the second batch) read incrementally; a poisoned one has a null primary key. */
    private static Resource events(int upTo, @org.jspecify.annotations.Nullable Integer poisoned) {
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        for (int i = 1; i <= upTo; i++) {
            Map<String, Object> item = new java.util.HashMap<>(Map.of("ts", i));
            item.put("id", Integer.valueOf(i).equals(poisoned) ? null : i);
            items.add(item);
        }
        return Resource.builder("events").primaryKey("id").incremental(Incremental.on("ts")).data(items).build();
    }

    @Test
    void aFileWhereTheDatasetFolderShouldBeIsTerminalAndNamesThePath() throws Exception {
        Path inTheWay = Files.writeString(Files.createDirectories(bucket()).resolve("lake"), "a file, not a folder");
        Pipeline pipeline = pipeline("blocked", FilesystemDestination.local(bucket()));

        assertThatThrownBy(() -> pipeline.run(List.of(Map.of("id", 1)), "items"))
                .isInstanceOf(io.jdlt.common.TerminalException.class).hasMessageContaining(inTheWay.toString())
                .hasMessageContaining("Not a directory").hasMessageContaining("Check that the bucket folder");
        assertThat(Files.readString(inTheWay)).isEqualTo("a file, not a folder");
    }

    @Test
    void aPackageThatCanNeverLoadIsAbortedWithoutMovingTheCursorOrBlockingLaterRuns() {
        Pipeline pipeline = pipeline("poisoned", FilesystemDestination.local(bucket()));
        assertThatThrownBy(() -> pipeline.run(events(1000, 500))).isInstanceOf(io.jdlt.common.TerminalException.class)
                .hasMessageContaining("id");
        assertThat(pipeline.hasPendingData()).isFalse();
        assertThat(pipeline.abortedPackages()).hasSize(1);

        pipeline("poisoned", FilesystemDestination.local(bucket())).run(events(1100, null));
        assertThat(read("events", "count(*) AS n, count(DISTINCT id) AS d, min(id) AS lo, max(id) AS hi"))
                .containsExactly(Map.of("n", 1100L, "d", 1100L, "lo", 1L, "hi", 1100L));
    }

    @Test
    void theFilesOfAPackageThatNeverCommittedGoWhenItIsDropped() throws Exception {
        // a layout with the time of writing in it: the files cannot be named again from the package alone
        FilesystemDestination destination = FilesystemDestination.local(bucket())
                .withLayout("{table_name}/{timestamp}.{load_id}.{file_id}.{ext}");
        Pipeline dying = Jdlt.pipeline("dropped").pipelinesDir(dir.resolve("pipelines")).destination(destination)
                .datasetName("lake").listener(new io.jdlt.common.PipelineListener() {
                    @Override
                    public void beforeLoadCommit(String loadId) {
                        throw new IllegalStateException("the run stopped before _dlt_loads");
                    }
                }).build();
        assertThatThrownBy(() -> dying.run(List.of(Map.of("id", 1)), "events")).hasMessageContaining("stopped");
        assertThat(files("events")).hasSize(1);

        Pipeline pipeline = pipeline("dropped", destination);
        pipeline.dropPackage(pipeline.pendingPackages().get(0).loadId());
        assertThat(files("events")).isEmpty();
        assertThat(files("_dlt_pipeline_state")).isEmpty();
    }

    @Test
    void aRunWithoutItsWorkingDirContinuesFromTheStateInTheBucket() {
        Resource.Builder events = Resource.builder("events").primaryKey("id").incremental(Incremental.on("ts"));
        Pipeline first = pipeline("restore", FilesystemDestination.local(bucket()));
        first.run(events.data(List.of(Map.of("id", 1, "ts", 1), Map.of("id", 2, "ts", 2))).build());
        io.jdlt.storage.PipelineStorage.deleteRecursively(first.workingDir());

        pipeline("restore", FilesystemDestination.local(bucket()))
                .run(events.data(List.of(Map.of("id", 2, "ts", 2), Map.of("id", 3, "ts", 3))).build());
        assertThat(read("events", "id", "ORDER BY id")).containsExactly(Map.of("id", 1L), Map.of("id", 2L), Map.of("id", 3L));
    }

    @Test
    void layoutsTakeDltsPlaceholders() throws Exception {
        Pipeline pipeline = pipeline("layout", FilesystemDestination.local(bucket())
                .withLayout("{table_name}/{YYYY}/{MM}/{DD}/{load_id}.{file_id}.{ext}"));
        pipeline.run(Resource.of("events", List.of(Map.of("id", 1))));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(files("events")).singleElement().asString()
                .startsWith(String.format("%04d/%02d/%02d/", today.getYear(), today.getMonthValue(), today.getDayOfMonth()));

        assertThatThrownBy(() -> FilesystemDestination.local(bucket()).withLayout("{load_id}/{table_name}.{ext}"))
                .hasMessageContaining("must start with {table_name}/");
        assertThatThrownBy(() -> FilesystemDestination.local(bucket()).withLayout("{table_name}/{nope}.{ext}"))
                .hasMessageContaining("unknown placeholder {nope}");
    }

    @Test
    void csvFilesWithAHeaderAreWrittenWhenAsked() throws Exception {
        Pipeline pipeline = Jdlt.pipeline("csv").pipelinesDir(dir.resolve("pipelines"))
                .destination(FilesystemDestination.local(bucket())).datasetName("lake")
                .loaderFileFormat(io.jdlt.format.LoaderFileFormat.CSV).build();
        pipeline.run(Resource.of("events", List.of(Map.of("id", 1, "name", "a, \"quoted\"\nline"), Map.of("id", 2))));
        assertThat(files("events")).singleElement().asString().endsWith(".csv.gz");
        assertThat(TestSupport.query(dir.resolve("reader.duckdb"), "SELECT id, name FROM read_csv('"
                + bucket().resolve("lake/events") + "/*.csv.gz', header = true) ORDER BY id"))
                .containsExactly(Map.of("id", 1L, "name", "a, \"quoted\"\nline"),
                        java.util.Collections.unmodifiableMap(new java.util.HashMap<>(Map.of("id", 2L)) {
                            {
                                put("name", null);
                            }
                        }));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(io.jdlt.format.ParquetCompression.class)
    void parquetFilesKeepTheColumnTypes(io.jdlt.format.ParquetCompression compression) throws Exception {
        Pipeline pipeline = Jdlt.pipeline("parquet_" + compression.name().toLowerCase(java.util.Locale.ROOT))
                .pipelinesDir(dir.resolve("pipelines")).destination(FilesystemDestination.local(bucket()))
                .datasetName("lake").loaderFileFormat(io.jdlt.format.LoaderFileFormat.PARQUET)
                .parquetCompression(compression).build();
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("id", 1);
        row.put("name", "ä \"quoted\"");
        row.put("happened", java.time.OffsetDateTime.of(2024, 5, 6, 9, 8, 9, 123000, ZoneOffset.ofHours(2)));
        row.put("amount", new java.math.BigDecimal("12.5"));
        row.put("day", LocalDate.of(2024, 5, 6));
        row.put("flag", true);
        row.put("bytes", new byte[] {1, 2});
        row.put("score", 0.5);
        pipeline.run(Resource.of("events", List.of(row, Map.of("id", 2))));
        assertThat(files("events")).singleElement().asString().endsWith(".parquet");

        String parquet = "read_parquet('" + bucket().resolve("lake/events") + "/*.parquet')";
        Map<String, String> types = new java.util.LinkedHashMap<>();
        for (Map<String, Object> column : TestSupport.query(dir.resolve("reader.duckdb"), "DESCRIBE SELECT * FROM "
                + parquet)) {
            types.put((String) column.get("column_name"), (String) column.get("column_type"));
        }
        assertThat(types).containsEntry("id", "BIGINT").containsEntry("name", "VARCHAR")
                .containsEntry("happened", "TIMESTAMP WITH TIME ZONE").containsEntry("amount", "DECIMAL(38,9)")
                .containsEntry("day", "DATE").containsEntry("flag", "BOOLEAN").containsEntry("bytes", "BLOB")
                .containsEntry("score", "DOUBLE");
        assertThat(TestSupport.query(dir.resolve("reader.duckdb"), "SET TimeZone = 'UTC'; SELECT name, "
                + "CAST(happened AS VARCHAR) AS happened, CAST(amount AS VARCHAR) AS amount, hex(bytes) AS bytes FROM "
                + parquet + " WHERE id = 1")).containsExactly(Map.of("name", "ä \"quoted\"",
                        "happened", "2024-05-06 07:08:09.000123+00", "amount", "12.500000000", "bytes", "0102"));
        assertThat(TestSupport.query(dir.resolve("reader.duckdb"), "SELECT count(*) AS n FROM " + parquet + " WHERE name IS NULL"))
                .containsExactly(Map.of("n", 1L));
    }

    @Test
    void byNameWithDltSettings() {
        var destination = Destinations.create("filesystem", new DestinationContext("p", Map.of(
                "bucket_url", bucket().toUri().toString(), "layout", "{table_name}/{load_id}.{file_id}.{ext}")));
        assertThat(destination.location()).isEqualTo(bucket().toUri().toString());
        assertThatThrownBy(() -> Destinations.create("filesystem", new DestinationContext("p", Map.of())))
                .hasMessageContaining("destination.filesystem.bucket_url");
    }

    // ------------------------------------------------------------------------------------------ values kept or warned

    private Pipeline pipeline(String name, io.jdlt.format.LoaderFileFormat format) {
        return Jdlt.pipeline(name).pipelinesDir(dir.resolve("pipelines")).destination(FilesystemDestination.local(bucket()))
                .datasetName("lake").loaderFileFormat(format).build();
    }

    /** The table's files in the given format, read by DuckDB with its own type detection, as a user would. */
    private List<Map<String, Object>> readFormat(io.jdlt.format.LoaderFileFormat format, String table, String select,
            String tail) {
        return readFormat(format, table, select, tail, false);
    }

    /** @param exactText CSV fields as text: DuckDB would read a quoted 35-digit decimal as a rounded double */
    private List<Map<String, Object>> readFormat(io.jdlt.format.LoaderFileFormat format, String table, String select,
            String tail, boolean exactText) {
        String files = bucket().resolve("lake").resolve(table) + "/**/*." + format.extension() + "*";
        String reader = switch (format) {
            case JSONL -> "read_json('" + files + "', format = 'newline_delimited')";
            // a row with a new column starts a new file with more columns
            case CSV -> "read_csv('" + files + "', union_by_name = true" + (exactText ? ", all_varchar = true)" : ")");
            default -> "read_parquet('" + files + "', union_by_name = true)";
        };
        return TestSupport.query(dir.resolve("reader.duckdb"), "SELECT " + select + " FROM " + reader + " " + tail);
    }

    static Stream<io.jdlt.format.LoaderFileFormat> fileFormats() {
        return Stream.of(io.jdlt.format.LoaderFileFormat.JSONL, io.jdlt.format.LoaderFileFormat.CSV,
                io.jdlt.format.LoaderFileFormat.PARQUET);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("fileFormats")
    void nanAndInfinitiesReadBackAsDoublesFromEveryFileFormat(io.jdlt.format.LoaderFileFormat format) {
        pipeline("nan_" + format.extension(), format).run(Resource.of("measures", List.of(
                Map.of("id", 1, "x", Double.NaN), Map.of("id", 2, "x", Double.POSITIVE_INFINITY),
                Map.of("id", 3, "x", Double.NEGATIVE_INFINITY), Map.of("id", 4, "x", 1.5))));

        assertThat(readFormat(format, "measures", "id, x", "ORDER BY id")).containsExactly(
                Map.of("id", 1L, "x", Double.NaN), Map.of("id", 2L, "x", Double.POSITIVE_INFINITY),
                Map.of("id", 3L, "x", Double.NEGATIVE_INFINITY), Map.of("id", 4L, "x", 1.5));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("fileFormats")
    void loneSurrogatesAreReplacementCharactersInEveryFileFormat(io.jdlt.format.LoaderFileFormat format) {
        pipeline("surrogates_" + format.extension(), format).run(Resource.of("texts", List.of(
                Map.of("id", 1, "s", "x\uD800y"), Map.of("id", 2, "s", "\uD83D\uDE00"))));

        assertThat(readFormat(format, "texts", "id, s", "ORDER BY id")).containsExactly(
                Map.of("id", 1L, "s", "x\uFFFDy"), Map.of("id", 2L, "s", "\uD83D\uDE00"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("fileFormats")
    void decimalsBeyondTheirPrecisionLandInAVariantColumnInEveryFileFormat(io.jdlt.format.LoaderFileFormat format) {
        String huge = "1" + "0".repeat(34) + ".5";
        pipeline("decimals_" + format.extension(), format).run(Resource.builder("prices")
                .column("price", io.jdlt.extract.ColumnSpec.of(io.jdlt.schema.DataType.DECIMAL).precision(10, 2))
                .data(List.of(Map.of("id", 1, "price", new java.math.BigDecimal("12.5")),
                        Map.of("id", 2, "price", new java.math.BigDecimal("123456789012.5"),
                                "first", new java.math.BigDecimal(huge))))
                .build());

        assertThat(readFormat(format, "prices", "CAST(id AS BIGINT) AS id, CAST(CAST(price AS DECIMAL(10,2)) AS VARCHAR) AS price, "
                + "CAST(CAST(price__v_decimal AS DECIMAL(38,9)) AS VARCHAR) AS v, CAST(first AS VARCHAR) AS first",
                "ORDER BY 1", true)).containsExactly(
                        row("id", 1L, "price", "12.50", "v", null, "first", null),
                        row("id", 2L, "price", null, "v", "123456789012.500000000", "first", huge));
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }
}
