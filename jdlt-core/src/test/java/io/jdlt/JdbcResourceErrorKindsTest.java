package io.jdlt;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import io.jdlt.common.TransientException;
import io.jdlt.destination.postgres.PostgresCredentials;
import io.jdlt.destination.postgres.TestPostgres;
import io.jdlt.extract.ExtractException;
import io.jdlt.extract.Resource;
import io.jdlt.extract.TransientExtractException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A resource that reads a database with its own JDBC code fails with the kind of its SQL error, as user code throws
 * it (wrapped in a RuntimeException): a connection that cannot be made or a serialization failure may pass on the
 * next run, a syntax error never does. The errors come from the test run's real PostgreSQL server.
 */
class JdbcResourceErrorKindsTest {

    private static final PostgresCredentials SERVER = TestPostgres.credentials();

    @TempDir
    Path dir;

    @Test
    void aDatabaseThatRefusesTheConnectionFailsTheResourceTransiently() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SQLException refused = sqlErrorOf("jdbc:postgresql://127.0.0.1:" + closedPort + "/" + SERVER.database()
                + "?connectTimeout=5", "SELECT 1");
        assertThat(refused.getSQLState()).isEqualTo("08001");

        assertFailsTransientlyNamingTheResource(refused);
    }

    @Test
    void aSerializationFailureFailsTheResourceTransiently() {
        SQLException conflict = sqlErrorOf(SERVER.jdbcUrl(),
                "DO $$ BEGIN RAISE EXCEPTION 'could not serialize access' USING ERRCODE = '40001'; END $$");
        assertThat(conflict.getSQLState()).isEqualTo("40001");

        assertFailsTransientlyNamingTheResource(conflict);
    }

    @Test
    void aSyntaxErrorFailsTheResourceTerminally() {
        SQLException syntax = sqlErrorOf(SERVER.jdbcUrl(), "SELEKT 1");
        assertThat(syntax.getSQLState()).isEqualTo("42601");

        assertThatThrownBy(() -> pipeline().run(failingWith(syntax))).isExactlyInstanceOf(ExtractException.class)
                .hasMessageContaining("Resource 'orders'").hasMessageContaining("syntax error")
                .satisfies(ex -> assertThat(ex.getCause().getCause()).isSameAs(syntax));
    }

    private void assertFailsTransientlyNamingTheResource(SQLException cause) {
        assertThatThrownBy(() -> pipeline().run(failingWith(cause))).isInstanceOf(TransientExtractException.class)
                .isInstanceOf(TransientException.class).hasMessageContaining("Resource 'orders'")
                .satisfies(ex -> assertThat(ex.getCause().getCause()).isSameAs(cause))
                .satisfies(ex -> assertThat(((TransientExtractException) ex).resourceName()).isEqualTo("orders"));
    }

    private Pipeline pipeline() {
        return TestSupport.duckDbPipeline(dir, "jdbc_source");
    }

    private static Resource failingWith(SQLException cause) {
        return Resource.builder("orders").emitter((context, out) -> {
            out.emit(Map.of("id", 1));
            // as a resource's own JDBC code throws it from a lambda that may not throw checked exceptions
            throw new RuntimeException(cause);
        }).build();
    }

    private static SQLException sqlErrorOf(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url, TestPostgres.properties());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            return ex;
        }
        throw new AssertionError("expected " + sql + " at " + url + " to fail");
    }
}
