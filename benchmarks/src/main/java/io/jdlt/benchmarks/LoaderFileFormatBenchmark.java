package io.jdlt.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import io.jdlt.Jdlt;
import io.jdlt.Pipeline;
import io.jdlt.destination.Destination;
import io.jdlt.destination.duckdb.DuckDbDestination;
import io.jdlt.destination.filesystem.FilesystemDestination;
import io.jdlt.destination.postgres.PostgresDestination;
import io.jdlt.storage.LoaderFileFormat;
import io.jdlt.storage.ParquetCompression;
import io.jdlt.storage.PipelineStorage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Which loader file format is fastest end to end for each destination: the standard dataset is extracted,
 * normalized and loaded once per destination and format that the destination accepts, after a warm-up pass of the
 * same runs, and the seconds of each stage are printed. A destination's preferred format (the first of
 * {@code capabilities().loaderFileFormats()}) is the one that wins here.
 */
public final class LoaderFileFormatBenchmark {

    private LoaderFileFormatBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        // the pipelines' INFO lines would drown the table
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String postgresUrl = System.getenv("JDLT_BENCH_POSTGRES_URL");
        try (EmbeddedPostgres embedded = postgresUrl == null ? EmbeddedPostgres.builder().start() : null) {
            String postgres = postgresUrl != null ? postgresUrl
                    : "postgresql://postgres@localhost:" + embedded.getPort() + "/postgres";
            Map<String, Function<Path, Destination>> destinations = new LinkedHashMap<>();
            destinations.put("duckdb", dir -> DuckDbDestination.at(dir.resolve("benchmark.duckdb")));
            destinations.put("postgres", dir -> PostgresDestination.of(postgres));
            destinations.put("filesystem", dir -> FilesystemDestination.local(dir.resolve("bucket")));
            System.out.printf("%d input rows (%d parent and %d child rows), warm pass%n", rows, rows, 2L * rows);
            System.out.printf("%-10s %-14s %9s %9s %9s %9s %10s %9s%n", "dest", "format", "extract", "normalize",
                    "load", "total", "rows/s", "files MB");
            for (boolean warmUp : new boolean[] { true, false }) {
                for (Map.Entry<String, Function<Path, Destination>> destination : destinations.entrySet()) {
                    for (FileFormat format : FileFormat.values()) {
                        Path dir = Files.createTempDirectory("jdlt-bench");
                        try {
                            Destination target = destination.getValue().apply(dir);
                            if (!target.capabilities().loaderFileFormats().contains(format.loaderFileFormat)) {
                                continue;
                            }
                            StageSeconds seconds = run(target, format, dir, rows);
                            if (!warmUp) {
                                System.out.printf("%-10s %-14s %8.2fs %8.2fs %8.2fs %8.2fs %10.0f %9.1f%n",
                                        destination.getKey(), format.label(), seconds.extract, seconds.normalize,
                                        seconds.load, seconds.total(), rows / seconds.total(), seconds.fileBytes / 1e6);
                            }
                        }
                        finally {
                            PipelineStorage.deleteRecursively(dir);
                        }
                    }
                }
            }
        }
    }

    private static StageSeconds run(Destination destination, FileFormat format, Path dir, int rows) throws IOException {
        Pipeline pipeline = Jdlt.pipeline("benchmark").pipelinesDir(dir).destination(destination)
                .datasetName("benchmark_" + System.nanoTime()).loaderFileFormat(format.loaderFileFormat)
                .parquetCompression(format.compression).build();
        long start = System.nanoTime();
        pipeline.extract(BenchmarkDataset.resource(rows));
        long extracted = System.nanoTime();
        pipeline.normalize();
        long normalized = System.nanoTime();
        pipeline.load().raiseOnFailedJobs();
        long loaded = System.nanoTime();
        return new StageSeconds((extracted - start) / 1e9, (normalized - extracted) / 1e9, (loaded - normalized) / 1e9,
                dataFileBytes(pipeline.workingDir().resolve("load/loaded")));
    }

    /** The size of the data files normalize wrote (the table {@code rows} and its child table). */
    private static long dataFileBytes(Path loadedPackages) throws IOException {
        try (Stream<Path> files = Files.walk(loadedPackages)) {
            return files.filter(Files::isRegularFile).filter(file -> file.getFileName().toString().startsWith("rows"))
                    .mapToLong(file -> file.toFile().length()).sum();
        }
    }

    /** The loader file formats, Parquet with each of its codecs. */
    private enum FileFormat {
        JSONL(LoaderFileFormat.JSONL, ParquetCompression.SNAPPY),
        CSV(LoaderFileFormat.CSV, ParquetCompression.SNAPPY),
        PARQUET_SNAPPY(LoaderFileFormat.PARQUET, ParquetCompression.SNAPPY),
        PARQUET_ZSTD(LoaderFileFormat.PARQUET, ParquetCompression.ZSTD);

        final LoaderFileFormat loaderFileFormat;
        final ParquetCompression compression;

        FileFormat(LoaderFileFormat loaderFileFormat, ParquetCompression compression) {
            this.loaderFileFormat = loaderFileFormat;
            this.compression = compression;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    private record StageSeconds(double extract, double normalize, double load, long fileBytes) {
        double total() {
            return extract + normalize + load;
        }
    }
}
