package io.jdlt.destination.filesystem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one S3-compatible server of a test run: Adobe S3Mock, a real S3 server, started from its jar (copied to
 * {@code target/s3mock} by the build) as a process of its own, on loopback, and stopped when the JVM exits.
 * {@code JDLT_TEST_S3_ENDPOINT} points the tests at another server instead (bucket {@code jdlt-test}, any keys).
 */
public final class TestS3 {

    public static final String BUCKET = "jdlt-test";

    private static S3Settings settings;

    private TestS3() {
    }

    public static synchronized S3Settings settings() {
        if (settings == null) {
            String endpoint = System.getenv("JDLT_TEST_S3_ENDPOINT");
            URI uri = endpoint != null && !endpoint.isBlank() ? URI.create(endpoint) : start();
            settings = S3Settings.defaults().withEndpoint(uri).withKeys("test", "test-secret");
        }
        return settings;
    }

    private static URI start() {
        try {
            Path jar = Path.of(System.getProperty("user.dir"), "s3mock", "s3mock.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing; the build copies it in generate-test-resources");
            }
            int httpPort = freePort();
            Path root = Files.createTempDirectory("s3mock");
            Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-jar", jar.toString(), "--com.adobe.testing.s3mock.httpPort=" + httpPort,
                    "--server.port=" + freePort(), "--com.adobe.testing.s3mock.store.initialBuckets=" + BUCKET,
                    "--com.adobe.testing.s3mock.store.root=" + root, "--server.address=127.0.0.1")
                    .redirectErrorStream(true).redirectOutput(root.resolveSibling(root.getFileName() + ".log").toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::destroy, "s3mock-stop"));
            URI uri = URI.create("http://127.0.0.1:" + httpPort);
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (!server.isAlive()) {
                    throw new IllegalStateException("S3Mock exited with " + server.exitValue());
                }
                try {
                    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
                    connection.setConnectTimeout(500);
                    if (connection.getResponseCode() == 200) {
                        return uri;
                    }
                }
                catch (IOException notYet) {
                    // still starting
                }
                Thread.sleep(250);
            }
            server.destroy();
            throw new IllegalStateException("S3Mock did not answer on " + uri + " within 90 s");
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot start S3Mock", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
