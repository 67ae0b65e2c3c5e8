package io.jdlt.sources.rest;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.jdlt.Jdlt;
import io.jdlt.Pipeline;
import io.jdlt.common.TerminalException;
import io.jdlt.common.TransientException;
import io.jdlt.config.Configuration;
import io.jdlt.config.MapProvider;
import io.jdlt.destination.duckdb.DuckDbDestination;
import io.jdlt.extract.ExtractException;
import io.jdlt.extract.Source;
import io.jdlt.extract.TransientExtractException;
import io.jdlt.sources.rest.TestApiServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A REST resource that fails ends the run with the kind of its cause, through a real pipeline run against a real
 * loopback server: an API that is down, busy or out of reach is transient, a client error is terminal.
 */
class RestErrorKindsTest {

    @TempDir
    Path dir;

    TestApiServer server;

    @BeforeEach
    void start() throws Exception {
        server = new TestApiServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aServerErrorIsTransientAndNamesTheResource() {
        server.handle("/items", seen -> new Reply(503, Map.of(), Map.of("error", "maintenance")));

        assertThatThrownBy(() -> pipeline().run(source(server.baseUrl())))
                .isInstanceOf(TransientException.class).isInstanceOf(TransientExtractException.class)
                .hasMessageContaining("Resource 'items'").hasMessageContaining("503")
                .satisfies(ex -> assertThat(((TransientExtractException) ex).resourceName()).isEqualTo("items"))
                .satisfies(ex -> assertThat(ex.getCause()).isInstanceOf(TransientRestApiException.class));
    }

    @Test
    void tooManyRequestsIsTransient() {
        server.handle("/items", seen -> new Reply(429, Map.of("Retry-After", "0"), Map.of("error", "slow down")));

        assertThatThrownBy(() -> pipeline().run(source(server.baseUrl()))).isInstanceOf(TransientException.class)
                .hasMessageContaining("429");
    }

    @Test
    void aClientErrorIsTerminalAndNamesTheResource() {
        server.handle("/items", seen -> new Reply(404, Map.of(), Map.of("message", "Not Found")));

        assertThatThrownBy(() -> pipeline().run(source(server.baseUrl())))
                .isInstanceOf(TerminalException.class).isInstanceOf(ExtractException.class)
                .hasMessageContaining("Resource 'items'").hasMessageContaining("404")
                .satisfies(ex -> assertThat(((ExtractException) ex).resourceName()).isEqualTo("items"))
                .satisfies(ex -> assertThat(((RestApiFailure) ex.getCause()).status()).isEqualTo(404));
    }

    @Test
    void aServerThatDoesNotAnswerIsTransient() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        assertThatThrownBy(() -> pipeline().run(source("http://127.0.0.1:" + closedPort)))
                .isInstanceOf(TransientExtractException.class).hasMessageContaining("Resource 'items'")
                .satisfies(ex -> assertThat(((RestApiFailure) ex.getCause()).status()).isZero());
    }

    @Test
    void aForbiddenAnswerThatSaysWhenToRetryIsTransient() {
        server.handle("/items", seen -> new Reply(403, Map.of("Retry-After", "0"),
                Map.of("message", "You have exceeded a secondary rate limit")));

        assertThatThrownBy(() -> pipeline().run(source(server.baseUrl())))
                .isInstanceOf(TransientExtractException.class).hasMessageContaining("Resource 'items'")
                .hasMessageContaining("403")
                .satisfies(ex -> assertThat(ex.getCause()).isInstanceOf(TransientRestApiException.class))
                .satisfies(ex -> assertThat(((RestApiFailure) ex.getCause()).status()).isEqualTo(403));
    }

    @Test
    void aSpentRateLimitIsTransient() {
        // GitHub's primary rate limit: 403 with the remaining count at zero and no Retry-After
        server.handle("/items", seen -> new Reply(403, Map.of("x-ratelimit-remaining", "0",
                "x-ratelimit-reset", "1700000000"), Map.of("message", "API rate limit exceeded")));

        assertThatThrownBy(() -> pipeline().run(source(server.baseUrl())))
                .isInstanceOf(TransientExtractException.class).hasMessageContaining("API rate limit exceeded")
                .satisfies(ex -> assertThat(ex.getCause()).isInstanceOf(TransientRestApiException.class));
    }

    @Test
    void aPlainForbiddenAnswerIsTerminal() {
        server.handle("/items", seen -> new Reply(403, Map.of("x-ratelimit-remaining", "4999"),
                Map.of("message", "Resource not accessible by integration")));

        assertThatThrownBy(() -> pipeline().run(source(server.baseUrl())))
                .isExactlyInstanceOf(ExtractException.class).hasMessageContaining("Resource 'items'")
                .hasMessageContaining("403")
                .satisfies(ex -> assertThat(ex.getCause()).isExactlyInstanceOf(RestApiException.class));
    }

    @Test
    void aCertificateTheJvmDoesNotTrustIsTerminalAndNotRetried() throws Exception {
        try (SelfSignedHttpsServer https = new SelfSignedHttpsServer(dir.resolve("tls"))) {
            Source source = RestApiSource.fromConfig("kinds", Map.of("client", Map.of("base_url", https.baseUrl()),
                    "resources", List.of(Map.of("name", "items", "endpoint", Map.of("path", "items",
                            "paginator", "single_page")))),
                    Configuration.of(new MapProvider("test", Map.of("runtime.request_max_attempts", 3,
                            "runtime.request_backoff_factor", 5))));
            long started = System.nanoTime();

            assertThatThrownBy(() -> pipeline().run(source)).isExactlyInstanceOf(ExtractException.class)
                    .hasMessageContaining("Resource 'items'").hasMessageContaining("TLS handshake was refused")
                    .hasMessageContaining("trust store")
                    .satisfies(ex -> assertThat(ex.getCause()).isExactlyInstanceOf(RestApiException.class))
                    .satisfies(ex -> assertThat(ex.getCause().getCause())
                            .isInstanceOf(javax.net.ssl.SSLHandshakeException.class));
            // the backoff of a retry would have waited 5 s
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(
                    java.time.Duration.ofSeconds(4));
        }
    }

    private Pipeline pipeline() {
        return Jdlt.pipeline("rest_kinds").pipelinesDir(dir.resolve("pipelines"))
                .destination(DuckDbDestination.at(dir.resolve("rest.duckdb"))).datasetName("raw").build();
    }

    /** One resource, one attempt per request, so that the test does not wait out the client's retries. */
    private static Source source(String baseUrl) {
        Configuration oneAttempt = Configuration.of(new MapProvider("test", Map.of("runtime.request_max_attempts", 1)));
        return RestApiSource.fromConfig("kinds", Map.of("client", Map.of("base_url", baseUrl),
                "resources", List.of(Map.of("name", "items", "endpoint", Map.of("path", "items",
                        "paginator", "single_page")))), oneAttempt);
    }
}
