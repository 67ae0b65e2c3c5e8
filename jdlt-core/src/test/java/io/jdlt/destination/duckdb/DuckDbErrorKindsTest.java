package io.jdlt.destination.duckdb;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.jdlt.Jdlt;
import io.jdlt.Pipeline;
import io.jdlt.common.TerminalException;
import io.jdlt.common.TransientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Opening a DuckDB database fails transiently only while another process holds the file's lock; a file that is no
 * database, a folder, or a path under a file cannot become one by retrying.
 */
class DuckDbErrorKindsTest {

    @TempDir
    Path dir;

    @Test
    void aFileThatIsNoDuckDbDatabaseIsTerminalWithoutTheLockHint() throws Exception {
        Path garbage = dir.resolve("garbage.duckdb");
        Files.writeString(garbage, "not a database ".repeat(1000));

        assertThatThrownBy(() -> run(DuckDbDestination.at(garbage))).isInstanceOf(TerminalException.class)
                .hasMessageContaining("not a valid DuckDB database file").hasMessageContaining(garbage.toString())
                .hasMessageNotContaining("lock");
        assertThat(Files.readString(garbage)).startsWith("not a database");
    }

    @Test
    void aFolderGivenAsTheDatabaseIsTerminal() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("folder.duckdb"));

        assertThatThrownBy(() -> run(DuckDbDestination.at(folder))).isInstanceOf(TerminalException.class)
                .hasMessageContaining("Is a directory").hasMessageNotContaining("lock");
    }

    @Test
    void aDatabasePathUnderAFileIsTerminal() throws Exception {
        Path file = Files.writeString(dir.resolve("plain.txt"), "a file, not a folder");

        assertThatThrownBy(() -> run(DuckDbDestination.at(file.resolve("db.duckdb"))))
                .isInstanceOf(TerminalException.class).hasMessageContaining("plain.txt");
    }

    @Test
    void aFileAnotherProcessHoldsIsTransientWithTheLockHint() throws Exception {
        Path database = dir.resolve("held.duckdb");
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), DuckDbFileHolder.class.getName(), database.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(output.readLine()).isEqualTo("held");

            assertThatThrownBy(() -> run(DuckDbDestination.at(database))).isInstanceOf(TransientException.class)
                    .hasMessageContaining("Could not set lock on file")
                    .hasMessageContaining("another process holds its write lock");
        }
        finally {
            holder.getOutputStream().close();
            holder.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            holder.destroy();
        }
        // once the other process let go, the same pipeline loads
        Pipeline pipeline = pipeline(DuckDbDestination.at(database));
        pipeline.run(List.of(Map.of("id", 1)), "items");
        assertThat(io.jdlt.TestSupport.query("jdbc:duckdb:" + database, new java.util.Properties(),
                "SELECT count(*) AS n FROM " + pipeline.datasetName() + ".items")).containsExactly(Map.of("n", 1L));
    }

    private void run(DuckDbDestination destination) {
        pipeline(destination).run(List.of(Map.of("id", 1)), "items");
    }

    private Pipeline pipeline(DuckDbDestination destination) {
        return Jdlt.pipeline("kinds").pipelinesDir(dir.resolve("pipelines")).destination(destination)
                .datasetName("kinds").build();
    }
}
