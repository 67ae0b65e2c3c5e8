package io.jdlt.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.jdlt.Jdlt;
import io.jdlt.Pipeline;
import io.jdlt.destination.Destination;
import io.jdlt.destination.duckdb.DuckDbDestination;
import io.jdlt.destination.filesystem.FilesystemDestination;
import io.jdlt.destination.postgres.PostgresCredentials;
import io.jdlt.destination.postgres.PostgresDestination;
import io.jdlt.extract.Resource;
import io.jdlt.schema.MergeStrategy;
import io.jdlt.schema.WriteDisposition;
import io.jdlt.format.LoaderFileFormat;
import io.jdlt.format.ParquetCompression;
import io.jdlt.storage.PipelineStorage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The benchmark: whole pipeline runs of the standard dataset into DuckDB, PostgreSQL and the filesystem in every
 * loader file format, for each size asked for: seconds and input rows/s of extract, normalize, load and in total,
 * peak heap and RSS, an append run and a merge on {@code id} as a second run; the destinations' physical limits on
 * the same rows, with the load stage as a fraction of them; and 10M rows in a child JVM with {@code -Xmx256m}.
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar [--rows=100000,1000000] [--destinations=duckdb,postgres,filesystem]
 *     [--formats=all|preferred] [--no-merge] [--no-limits] [--big-rows=10000000|0]
 * </pre>
 */
public final class PipelineBenchmark {

    private final Options options;
    private final ResourceMeter meter = new ResourceMeter();
    private final Map<String, Double> limits = new LinkedHashMap<>();

    private PipelineBenchmark(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        // the pipelines' INFO lines would drown the table
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        new PipelineBenchmark(Options.parse(args)).run();
    }

    private void run() throws Exception {
        var os = ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(Locale.ROOT, "jdlt benchmark: %d cores, max heap %d MB, Java %s, load average %.2f%n",
                os.getAvailableProcessors(), Runtime.getRuntime().maxMemory() >> 20, System.getProperty(
                        "java.version"), os.getSystemLoadAverage());
        String postgresUrl = System.getenv("JDLT_BENCH_POSTGRES_URL");
        boolean needsPostgres = options.destinations.contains("postgres");
        try (EmbeddedPostgres embedded = needsPostgres && postgresUrl == null ? EmbeddedPostgres.builder().start()
                : null) {
            PostgresCredentials postgres = !needsPostgres ? null : postgresUrl != null
                    ? PostgresCredentials.parse(postgresUrl)
                    : new PostgresCredentials("localhost", embedded.getPort(), "postgres", "postgres", null);
            if (options.warmUp) {
                // JIT: the first runs of a JVM compile the hot paths; it is not what a long-running loader sees. A run
                // through every format of every destination, then three more through the preferred ones (with fewer,
                // the 100k figures still move by 10-15% between runs)
                for (int round = 0; round < 4; round++) {
                    for (String destination : options.destinations) {
                        for (Format format : Format.values()) {
                            if (format.acceptedBy(destination) && (round == 0 || format.preferredBy(destination))
                                    && (options.allFormats || format.preferredBy(destination))) {
                                measure(destination, format, postgres, Math.min(100_000, options.rows.get(0)), false);
                            }
                        }
                    }
                }
            }
            for (int rows : options.rows) {
                System.out.printf(Locale.ROOT, "%n%,d input rows (%,d parent and %,d child rows)%n", rows, rows,
                        2L * rows);
                System.out.printf(Locale.ROOT, "%-10s %-14s %-6s %8s %9s %8s %8s %9s %8s %8s %8s%n", "dest",
                        "format", "run", "extract", "normalize", "load", "total", "rows/s", "heap MB", "RSS MB",
                        "load/lim");
                limits.clear();
                for (String destination : options.destinations) {
                    for (Format format : Format.values()) {
                        if (format.acceptedBy(destination) && (options.allFormats || format.preferredBy(destination))) {
                            measure(destination, format, postgres, rows, true);
                        }
                    }
                }
                if (options.limits) {
                    printLimits(rows);
                }
            }
            System.out.printf(Locale.ROOT, "%nload average at the end %.2f%n", os.getSystemLoadAverage());
        }
        if (options.bigRows > 0) {
            runBigInSmallHeap();
        }
    }

    private void measure(String destinationName, Format format, PostgresCredentials postgres, int rows, boolean print)
            throws Exception {
        Path dir = Files.createTempDirectory("jdlt-bench");
        try {
            Destination destination = switch (destinationName) {
                case "duckdb" -> DuckDbDestination.at(dir.resolve("benchmark.duckdb"));
                case "postgres" -> PostgresDestination.of(postgres);
                case "filesystem" -> FilesystemDestination.local(dir.resolve("bucket"));
                default -> throw new IllegalArgumentException("unknown destination " + destinationName);
            };
            Pipeline pipeline = Jdlt.pipeline("benchmark").pipelinesDir(dir).destination(destination)
                    .datasetName("benchmark_" + System.nanoTime()).loaderFileFormat(format.loaderFileFormat)
                    .parquetCompression(format.compression).build();
            Stages append = stages(pipeline, BenchmarkDataset.resource(rows));
            double limit = options.limits ? limit(destinationName, dir, pipeline, rows) : Double.NaN;
            if (print) {
                print(destinationName, format, "append", rows, append, limit);
            }
            // the filesystem destination appends merge loads, as dlt does without a table format: no merge to time
            if (options.merge && print && !destinationName.equals("filesystem")) {
                // the first merge run creates the merge table; the second replaces every row by its key
                Pipeline merging = Jdlt.pipeline("benchmark_merge").pipelinesDir(dir).destination(destination)
                        .datasetName("benchmark_merge_" + System.nanoTime()).loaderFileFormat(format.loaderFileFormat)
                        .parquetCompression(format.compression).build();
                stages(merging, mergeResource(rows));
                print(destinationName, format, "merge", rows, stages(merging, mergeResource(rows)), Double.NaN);
            }
        }
        finally {
            PipelineStorage.deleteRecursively(dir);
        }
    }

    private static Resource mergeResource(int rows) {
        return BenchmarkDataset.resource(rows).primaryKey("id")
                .writeDisposition(WriteDisposition.merge(MergeStrategy.DELETE_INSERT));
    }

    private Stages stages(Pipeline pipeline, Resource resource) throws SQLException {
        settle(pipeline);
        meter.reset();
        long start = System.nanoTime();
        pipeline.extract(resource);
        long extracted = System.nanoTime();
        pipeline.normalize();
        long normalized = System.nanoTime();
        pipeline.load().raiseOnFailedJobs();
        long loaded = System.nanoTime();
        return new Stages((extracted - start) / 1e9, (normalized - extracted) / 1e9, (loaded - normalized) / 1e9,
                meter.peakHeapBytes(), meter.peakRssBytes());
    }

    /**
     * Lets the disk write back what the runs before left dirty (a 1M-row run leaves about a gigabyte of files and
     * database pages), and PostgreSQL write out its buffers, as the limits do: a timed run then pays for its own
     * writes, not for the previous run's, which otherwise slowed runs late in the table by up to a fifth.
     */
    private static void settle(Pipeline pipeline) throws SQLException {
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
        }
        catch (IOException noSync) {
            // not a Unix: the runs stay as they are
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        if (pipeline.destination() instanceof PostgresDestination postgres && postgres.credentials() != null) {
            PhysicalLimits.checkpoint(postgres.credentials());
        }
    }

    /** The destination's physical limit on these rows, measured once per size and destination. */
    private double limit(String destination, Path dir, Pipeline pipeline, int rows) throws Exception {
        if (destination.equals("filesystem")) {
            // the same files the run just wrote, written once more: per format, since the files differ
            return PhysicalLimits.fileCopy(pipeline.workingDir().resolve("load/loaded"), dir.resolve("copy"));
        }
        Double known = limits.get(destination);
        if (known != null) {
            return known;
        }
        double seconds;
        if (destination.equals("duckdb")) {
            double appender = PhysicalLimits.duckDbAppender(dir, rows);
            double parquet = PhysicalLimits.duckDbReadParquet(dir, rows);
            limits.put("duckdb appender", appender);
            limits.put("duckdb read_parquet", parquet);
            seconds = Math.min(appender, parquet);
        }
        else {
            seconds = PhysicalLimits.postgresBinaryCopy(((PostgresDestination) pipeline.destination()).credentials(),
                    rows);
            limits.put("postgres binary COPY", seconds);
        }
        limits.put(destination, seconds);
        return seconds;
    }

    private void printLimits(int rows) {
        StringBuilder line = new StringBuilder("physical limits on the same rows:");
        limits.forEach((name, seconds) -> {
            if (name.contains(" ")) {
                line.append(String.format(Locale.ROOT, " %s %.2f s (%,.0f rows/s);", name, seconds, rows / seconds));
            }
        });
        line.append(" filesystem: a copy of the run's files (per format above)");
        System.out.println(line);
    }

    private static void print(String destination, Format format, String run, int rows, Stages stages, double limit) {
        String fraction = Double.isNaN(limit) ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * limit / stages.load);
        System.out.printf(Locale.ROOT, "%-10s %-14s %-6s %7.2fs %8.2fs %7.2fs %7.2fs %,9.0f %8d %8d %8s%n",
                destination, format.label(), run, stages.extract, stages.normalize, stages.load, stages.total(),
                rows / stages.total(), stages.peakHeap >> 20, stages.peakRss >> 20, fraction);
    }

    /** 10M rows into DuckDB in a JVM of its own with a 256 MB heap: memory stays bounded whatever the volume. */
    private void runBigInSmallHeap() throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        boolean fromJar = classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator);
        // started with -jar (the README's command), the child is too; from an IDE or Maven, by class name
        List<String> command = new ArrayList<>(fromJar ? List.of(javaBin, "-Xmx256m", "-jar", classPath)
                : List.of(javaBin, "-Xmx256m", "-cp", classPath, PipelineBenchmark.class.getName()));
        command.addAll(List.of("--rows=" + options.bigRows, "--destinations=duckdb", "--formats=preferred",
                "--no-merge", "--no-limits", "--big-rows=0", "--no-warm-up"));
        System.out.printf(Locale.ROOT, "%n%,d rows into DuckDB in a JVM with -Xmx256m:%n", options.bigRows);
        Process child = new ProcessBuilder(command).inheritIO().start();
        int exit = child.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("the -Xmx256m run failed with exit code " + exit);
        }
    }

    private record Stages(double extract, double normalize, double load, long peakHeap, long peakRss) {
        double total() {
            return extract + normalize + load;
        }
    }

    /** The loader file formats, Parquet with each of its codecs. */
    enum Format {
        JSONL(LoaderFileFormat.JSONL, ParquetCompression.SNAPPY),
        CSV(LoaderFileFormat.CSV, ParquetCompression.SNAPPY),
        PARQUET_SNAPPY(LoaderFileFormat.PARQUET, ParquetCompression.SNAPPY),
        PARQUET_ZSTD(LoaderFileFormat.PARQUET, ParquetCompression.ZSTD);

        final LoaderFileFormat loaderFileFormat;
        final ParquetCompression compression;

        Format(LoaderFileFormat loaderFileFormat, ParquetCompression compression) {
            this.loaderFileFormat = loaderFileFormat;
            this.compression = compression;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }

        boolean acceptedBy(String destination) {
            return !(destination.equals("postgres") && loaderFileFormat == LoaderFileFormat.PARQUET);
        }

        boolean preferredBy(String destination) {
            return this == JSONL;
        }
    }

    private record Options(List<Integer> rows, List<String> destinations, boolean allFormats, boolean merge,
            boolean limits, int bigRows, boolean warmUp) {

        static Options parse(String[] args) {
            List<Integer> rows = List.of(100_000, 1_000_000);
            List<String> destinations = List.of("duckdb", "postgres", "filesystem");
            boolean allFormats = true;
            boolean merge = true;
            boolean limits = true;
            boolean warmUp = true;
            int bigRows = 10_000_000;
            for (String arg : args) {
                String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
                if (arg.startsWith("--rows=")) {
                    rows = Arrays.stream(value.split(",")).map(String::strip).map(Integer::parseInt).toList();
                }
                else if (arg.startsWith("--destinations=")) {
                    destinations = Arrays.stream(value.split(",")).map(String::strip).toList();
                }
                else if (arg.startsWith("--formats=")) {
                    allFormats = value.equals("all");
                }
                else if (arg.equals("--no-merge")) {
                    merge = false;
                }
                else if (arg.equals("--no-limits")) {
                    limits = false;
                }
                else if (arg.equals("--no-warm-up")) {
                    warmUp = false;
                }
                else if (arg.startsWith("--big-rows=")) {
                    bigRows = Integer.parseInt(value);
                }
                else {
                    throw new IllegalArgumentException("unknown argument " + arg + "; see PipelineBenchmark's javadoc");
                }
            }
            return new Options(rows, destinations, allFormats, merge, limits, bigRows, warmUp);
        }
    }
}
