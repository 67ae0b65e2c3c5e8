package io.jdlt;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.jdlt.common.TransientException;
import io.jdlt.destination.duckdb.DuckDbDestination;
import io.jdlt.storage.PipelineStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A failure to write jdlt's own working dir is transient and names the package or file and the OS's reason: the
 * input is fine, and the package is kept for the next run. A full disk is a real 1 MB tmpfs the tests mount; a
 * folder replaced by a file stands in for an unwritable working dir.
 */
class WorkingDirIoErrorsTest {

    @TempDir
    Path dir;

    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            new ProcessBuilder("umount", mounted.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void aFullDiskDuringNormalizeIsTransientAndKeepsTheExtractedPackage() throws Exception {
        Path tiny = tinyDisk();
        Pipeline pipeline = pipeline(tiny);
        pipeline.extract(rows(200, 20), "items");
        Path filler = fill(tiny);

        String loadId = pipeline.loadPackages(0).get(0).loadId();
        assertThatThrownBy(pipeline::normalize).isInstanceOf(TransientException.class)
                .hasMessageContaining("job file").hasMessageContaining(loadId)
                .hasMessageContaining("No space left on device");
        assertThat(pipeline.pendingPackageCount()).isEqualTo(1);

        Files.delete(filler);
        pipeline.run();
        assertThat(TestSupport.query(pipeline, "SELECT count(*) AS n FROM kinds.items")).containsExactly(Map.of("n", 200L));
    }

    @Test
    void aFullDiskDuringExtractIsTransientAndNamesTheJobFile() throws Exception {
        Path tiny = tinyDisk();
        Pipeline pipeline = pipeline(tiny);

        // random text does not compress: 3 MB of it cannot fit a 1 MB disk
        assertThatThrownBy(() -> pipeline.run(rows(3000, 1000), "items")).isInstanceOf(TransientException.class)
                .hasMessageContaining("job file").hasMessageContaining("items.")
                .hasMessageContaining("No space left on device");
        assertThat(pipeline.pendingPackageCount()).isZero();
    }

    @Test
    void anUnwritableNormalizeFolderIsTransientAndKeepsTheExtractedPackage() throws Exception {
        Pipeline pipeline = pipeline(dir.resolve("pipelines"));
        pipeline.extract(rows(10, 10), "items");
        Path normalizing = pipeline.workingDir().resolve("load").resolve("new");
        PipelineStorage.deleteRecursively(normalizing);
        Files.writeString(normalizing, "a file where jdlt expects its folder");

        assertThatThrownBy(pipeline::normalize).isInstanceOf(TransientException.class)
                .hasMessageContaining("normalizing load package").hasMessageContaining(normalizing.toString());
        assertThat(pipeline.pendingPackageCount()).isEqualTo(1);

        Files.delete(normalizing);
        Files.createDirectories(normalizing);
        pipeline.run();
        assertThat(TestSupport.query(pipeline, "SELECT count(*) AS n FROM kinds.items")).containsExactly(Map.of("n", 10L));
    }

    @Test
    void anUnwritableExtractFolderIsTransient() throws Exception {
        Pipeline pipeline = pipeline(dir.resolve("pipelines"));
        pipeline.run(rows(1, 1), "items");
        Path extracting = pipeline.workingDir().resolve("extract");
        PipelineStorage.deleteRecursively(extracting);
        Files.writeString(extracting, "a file where jdlt expects its folder");

        assertThatThrownBy(() -> pipeline.run(rows(10, 10), "items")).isInstanceOf(TransientException.class)
                .hasMessageContaining(extracting.toString());
    }

    private Pipeline pipeline(Path pipelinesDir) {
        return Jdlt.pipeline("io_kinds").pipelinesDir(pipelinesDir)
                .destination(DuckDbDestination.at(dir.resolve("io.duckdb"))).datasetName("kinds").build();
    }

    private static List<Map<String, Object>> rows(int count, int textBytes) {
        java.util.Random random = new java.util.Random(7);
        return IntStream.range(0, count).mapToObj(i -> {
            byte[] bytes = new byte[textBytes];
            random.nextBytes(bytes);
            return Map.<String, Object>of("id", i, "text", java.util.HexFormat.of().formatHex(bytes));
        }).toList();
    }

    /**
     * A real 1 MB tmpfs under the test's folder. The test run needs the right to mount (CI runs as root on this
     * machine): a test that cannot make a full disk fails rather than passing without having tried.
     */
    private Path tinyDisk() throws Exception {
        Path tiny = Files.createDirectories(dir.resolve("tiny"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", tiny.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes());
        assertThat(mount.waitFor()).as("mount a 1 MB tmpfs at " + tiny + ": " + output).isZero();
        mounted = tiny;
        return tiny;
    }

    /** Writes a file until the disk is full; deleting it frees the disk again. */
    private static Path fill(Path disk) throws IOException {
        Path filler = disk.resolve("filler");
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        }
        catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left on device");
        }
        return filler;
    }
}
