package io.jdlt.destination.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.jdlt.destination.Destination;
import io.jdlt.destination.DestinationTestKit;
import io.jdlt.destination.ReplaceStrategy;

/** PostgreSQL passes the destination test kit, on the test run's real PostgreSQL 17 server. */
class PostgresDestinationTest extends DestinationTestKit {

    private PostgresCredentials credentials = TestPostgres.credentials();

    @org.junit.jupiter.api.AfterEach
    void defaultServer() {
        credentials = TestPostgres.credentials();
    }

    @Override
    protected Destination destination(ReplaceStrategy replaceStrategy) {
        return PostgresDestination.of(credentials).withReplaceStrategy(replaceStrategy);
    }

    /** A server whose transactions default to repeatable read must not let concurrent merges duplicate rows. */
    @org.junit.jupiter.api.Test
    void concurrentMergesStaySafeWhenTheServerDefaultsToRepeatableRead() throws Exception {
        PostgresCredentials server = TestPostgres.credentials();
        if (query("SELECT 1 AS x FROM pg_database WHERE datname = 'jdlt_repeatable_read'").isEmpty()) {
            execute("CREATE DATABASE jdlt_repeatable_read");
            execute("ALTER DATABASE jdlt_repeatable_read SET default_transaction_isolation = 'repeatable read'");
        }
        credentials = new PostgresCredentials(server.host(), server.port(), "jdlt_repeatable_read", server.username(),
                server.password());
        concurrentMergesIntoOneDatasetLoseAndDuplicateNothing();
    }

    /** PostgreSQL never analyzes temporary tables itself: a merge analyzes its staging copies and helper tables. */
    @org.junit.jupiter.api.Test
    void aMergeAnalyzesEveryTemporaryTableItFills() {
        List<String> statements = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.jdlt.Pipeline pipeline = pipeline("analyzed", new io.jdlt.PipelineListener() {
            @Override
            public void followUpStatement(String loadId, String rootTable, String sql) {
                statements.add(sql);
            }
        });
        io.jdlt.extract.Resource orders = io.jdlt.extract.Resource.of("orders", rows(
                row("id", 1, "items", List.of(row("sku", "a"))), row("id", 2, "items", List.of(row("sku", "b")))))
                .primaryKey("id").writeDisposition(io.jdlt.schema.WriteDisposition.merge());
        pipeline.run(orders);
        pipeline.run(orders);

        List<String> helpers = statements.stream().filter(sql -> sql.startsWith("CREATE TEMPORARY TABLE "))
                .map(sql -> sql.split(" ")[3]).toList();
        org.assertj.core.api.Assertions.assertThat(helpers).hasSize(4);
        for (String helper : helpers) {
            org.assertj.core.api.Assertions.assertThat(statements).contains("ANALYZE " + helper);
        }
        org.assertj.core.api.Assertions.assertThat(count("orders")).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThat(count("orders__items")).isEqualTo(2);
    }

    private void execute(String sql) throws SQLException {
        PostgresCredentials server = TestPostgres.credentials();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.username(),
                server.password() == null ? "" : server.password());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    protected String[] destinationSpec() {
        return new String[] {"postgres", "postgresql://" + credentials.username()
                + (credentials.password() == null ? "" : ":" + credentials.password()) + "@" + credentials.host() + ":"
                + credentials.port() + "/" + credentials.database()};
    }

    @Override
    protected List<Map<String, Object>> query(String sql) {
        Properties properties = new Properties();
        properties.setProperty("user", credentials.username());
        if (credentials.password() != null) {
            properties.setProperty("password", credentials.password());
        }
        return io.jdlt.TestSupport.query(credentials.jdbcUrl(), properties, sql);
    }
}
