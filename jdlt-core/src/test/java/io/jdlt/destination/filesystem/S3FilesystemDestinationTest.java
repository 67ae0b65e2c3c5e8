package io.jdlt.destination.filesystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.jdlt.Jdlt;
import io.jdlt.Pipeline;
import io.jdlt.destination.DestinationContext;
import io.jdlt.destination.Destinations;
import io.jdlt.extract.Incremental;
import io.jdlt.extract.Resource;
import io.jdlt.schema.Digests;
import io.jdlt.schema.WriteDisposition;
import io.jdlt.format.LoaderFileFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filesystem destination on a real S3-compatible server (S3Mock on loopback); files are read back with DuckDB. */
class S3FilesystemDestinationTest {

    @TempDir
    Path dir;

    String bucketUrl;

    @BeforeEach
    void freshPrefix() {
        bucketUrl = "s3://" + TestS3.BUCKET + "/run_" + Digests.uniqueHexId(4);
    }

    private FilesystemDestination destination() {
        return FilesystemDestination.s3(bucketUrl, TestS3.settings());
    }

    private Pipeline pipeline(String name, LoaderFileFormat format) {
        return Jdlt.pipeline(name).pipelinesDir(dir.resolve("pipelines")).destination(destination()).datasetName("lake")
                .loaderFileFormat(format).build();
    }

    /** The rows of a table's JSONL objects, read straight from the bucket. */
    private List<String> lines(String folder) throws Exception {
        String prefix = bucketUrl.substring(("s3://" + TestS3.BUCKET + "/").length()) + "/lake/";
        S3Settings settings = TestS3.settings();
        List<String> lines = new java.util.ArrayList<>();
        try (var client = software.amazon.awssdk.services.s3.S3Client.builder()
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .region(software.amazon.awssdk.regions.Region.of(settings.region())).endpointOverride(settings.endpoint())
                .forcePathStyle(true).credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider
                        .create(software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
                .build()) {
            for (String key : keys(folder)) {
                byte[] gz = client.getObjectAsBytes(r -> r.bucket(TestS3.BUCKET).key(prefix + key)).asByteArray();
                try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
                    for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                        if (!line.isBlank()) {
                            lines.add(line);
                        }
                    }
                }
            }
        }
        return lines;
    }

    private List<String> keys(String folder) {
        String prefix = bucketUrl.substring(("s3://" + TestS3.BUCKET + "/").length()) + "/lake/";
        try (S3FileStore store = new S3FileStore(TestS3.settings(), TestS3.BUCKET, prefix)) {
            return store.list(folder + "/");
        }
    }

    @Test
    void aBucketThatDoesNotExistIsTerminalAndNamesTheBucket() {
        Pipeline pipeline = Jdlt.pipeline("no_bucket").pipelinesDir(dir.resolve("pipelines"))
                .destination(FilesystemDestination.s3("s3://jdlt-no-such-bucket/run", TestS3.settings()))
                .datasetName("lake").build();

        assertThatThrownBy(() -> pipeline.run(List.of(Map.of("id", 1)), "items"))
                .isInstanceOf(io.jdlt.common.TerminalException.class).hasMessageContaining("bucket 'jdlt-no-such-bucket'")
                .hasMessageContaining("404 NoSuchBucket").hasMessageContaining("Check the bucket name")
                .hasCauseInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class);
    }

    @Test
    void loadsEveryFileFormatAndDltsTablesIntoTheBucket() throws Exception {
        for (LoaderFileFormat format : LoaderFileFormat.values()) {
            freshPrefix();
            Pipeline pipeline = pipeline("s3_" + format.extension(), format);
            pipeline.run(Resource.of("events", List.of(Map.of("id", 1, "name", "a"), Map.of("id", 2, "name", "b"))));
            assertThat(keys("events")).singleElement().asString()
                    .endsWith("." + format.extension() + (format.gzipped() ? ".gz" : ""));
            assertThat(keys("_dlt_loads")).hasSize(1);
            assertThat(keys("_dlt_version")).hasSize(1);
            assertThat(keys("_dlt_pipeline_state")).hasSize(1);
            assertThat(pipeline.destination().location()).startsWith("s3://" + TestS3.BUCKET + "/run_");
        }
    }

    @Test
    void replaceRemovesTheOlderObjects() {
        Pipeline pipeline = pipeline("s3_replace", LoaderFileFormat.JSONL);
        pipeline.run(Resource.of("snap", List.of(Map.of("id", 1))).writeDisposition(WriteDisposition.REPLACE));
        List<String> first = keys("snap");
        pipeline.run(Resource.of("snap", List.of(Map.of("id", 2))).writeDisposition(WriteDisposition.REPLACE));
        assertThat(keys("snap")).hasSize(1).doesNotContainAnyElementsOf(first);
    }

    @Test
    void aRunWithoutItsWorkingDirContinuesFromTheStateInTheBucket() throws Exception {
        Resource.Builder events = Resource.builder("events").primaryKey("id").incremental(Incremental.on("ts"));
        Pipeline first = pipeline("s3_restore", LoaderFileFormat.JSONL);
        first.run(events.data(List.of(Map.of("id", 1, "ts", 1), Map.of("id", 2, "ts", 2))).build());
        io.jdlt.storage.PipelineStorage.deleteRecursively(first.workingDir());

        Pipeline second = pipeline("s3_restore", LoaderFileFormat.JSONL);
        second.run(events.data(List.of(Map.of("id", 2, "ts", 2), Map.of("id", 3, "ts", 3))).build());
        // the cursor came back from the bucket: id 2 is not loaded again
        assertThat(keys("_dlt_loads")).hasSize(2);
        assertThat(lines("events")).hasSize(3).noneMatch(line -> line.isBlank())
                .filteredOn(line -> line.contains("\"id\":2")).hasSize(1);
    }

    @Test
    void byNameWithDltSettings() {
        var destination = Destinations.create("filesystem", new DestinationContext("p", Map.of(
                "bucket_url", bucketUrl, "credentials.endpoint_url", TestS3.settings().endpoint().toString(),
                "credentials.aws_access_key_id", "test", "credentials.aws_secret_access_key", "secret-value",
                "credentials.region_name", "eu-central-1")));
        assertThat(destination.location()).isEqualTo(bucketUrl + "/");
        Pipeline pipeline = Jdlt.pipeline("s3_by_name").pipelinesDir(dir.resolve("pipelines")).destination(destination)
                .datasetName("lake").build();
        pipeline.run(Resource.of("events", List.of(Map.of("id", 1))));
        assertThat(keys("events")).hasSize(1);
    }

    @Test
    void aBucketCannotBeStagingForADatabaseAndNothingIsLoaded() throws Exception {
        Path database = dir.resolve("staged.duckdb");
        Pipeline pipeline = Jdlt.pipeline("s3_staging").pipelinesDir(dir.resolve("pipelines"))
                .destination(io.jdlt.destination.duckdb.DuckDbDestination.at(database)).datasetName("lake")
                .staging(destination()).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> pipeline.run(Resource.of("events", List.of(Map.of("id", 1)))))
                .isInstanceOf(io.jdlt.common.TerminalException.class)
                .hasMessageContaining("staging at " + bucketUrl + "/ is not a local folder");
        try (var connection = java.sql.DriverManager.getConnection("jdbc:duckdb:" + database);
                var rows = connection.createStatement().executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'events'")) {
            rows.next();
            assertThat(rows.getLong(1)).isZero();
        }
    }
}
