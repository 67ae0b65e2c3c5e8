package io.jdlt.destination.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import io.jdlt.Jdlt;
import io.jdlt.Pipeline;
import io.jdlt.common.TerminalException;
import io.jdlt.common.TransientException;
import io.jdlt.schema.Digests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each failure of a PostgreSQL destination carries the kind its cause decides, on the test run's real server:
 * refused credentials and a missing database are terminal (a retry would only lock the account), a closed port and a
 * serialization failure are transient, a refused privilege is terminal.
 */
class PostgresErrorKindsTest {

    private static final PostgresCredentials SERVER = TestPostgres.credentials();

    @TempDir
    Path dir;

    @Test
    void aRoleTheServerDoesNotKnowIsTerminalAndNamesUserDatabaseAndHostButNotThePassword() {
        PostgresDestination destination = PostgresDestination.of(new PostgresCredentials(SERVER.host(), SERVER.port(),
                SERVER.database(), "jdlt_nobody", "s3cret-password"));

        assertThatThrownBy(() -> destination.openClient("any")).isInstanceOf(TerminalException.class)
                .hasMessageContaining("user 'jdlt_nobody'").hasMessageContaining("database '" + SERVER.database() + "'")
                .hasMessageContaining(SERVER.host() + ":" + SERVER.port()).hasMessageContaining("Check the user name and password")
                .hasMessageNotContaining("s3cret-password")
                .satisfies(ex -> assertThat(((SQLException) ex.getCause()).getSQLState()).isEqualTo("28000"));
        assertThat(destination.unreachable("any")).get().asString().contains("refused the login")
                .doesNotContain("s3cret-password");
    }

    @Test
    void aRunWithARoleTheServerDoesNotKnowFailsTerminallyBeforeLoadingAnything() {
        Pipeline pipeline = pipeline("refused", PostgresDestination.of(new PostgresCredentials(SERVER.host(),
                SERVER.port(), SERVER.database(), "jdlt_nobody", null)));

        assertThatThrownBy(() -> pipeline.run(List.of(Map.of("id", 1)), "items"))
                .isInstanceOf(TerminalException.class).hasMessageContaining("jdlt_nobody");
    }

    @Test
    void aDatabaseThatDoesNotExistIsTerminal() {
        PostgresDestination destination = PostgresDestination.of(new PostgresCredentials(SERVER.host(), SERVER.port(),
                "jdlt_no_such_database", SERVER.username(), SERVER.password()));

        assertThatThrownBy(() -> destination.openClient("any")).isInstanceOf(TerminalException.class)
                .hasMessageContaining("database 'jdlt_no_such_database'").hasMessageContaining("does not exist")
                .satisfies(ex -> assertThat(((SQLException) ex.getCause()).getSQLState()).isEqualTo("3D000"));
    }

    @Test
    void aClosedPortIsTransient() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PostgresDestination destination = PostgresDestination.of(new PostgresCredentials("127.0.0.1", closedPort,
                SERVER.database(), SERVER.username(), SERVER.password()));

        assertThatThrownBy(() -> destination.openClient("any")).isInstanceOf(TransientException.class)
                .hasMessageContaining("127.0.0.1:" + closedPort)
                .satisfies(ex -> assertThat(((SQLException) ex.getCause()).getSQLState()).isEqualTo("08001"));
        assertThatThrownBy(() -> destination.tryLockRun("any", "pipeline")).isInstanceOf(TransientException.class);
    }

    @Test
    void userAndPasswordMayBeQueryParametersOfTheUrl() {
        PostgresCredentials parsed = PostgresCredentials.parse("jdbc:postgresql://" + SERVER.host() + ":" + SERVER.port()
                + "/" + SERVER.database() + "?user=" + SERVER.username() + "&password=p%40ss&sslmode=disable");

        assertThat(parsed.username()).isEqualTo(SERVER.username());
        assertThat(parsed.password()).isEqualTo("p@ss");
        assertThat(parsed.jdbcUrl()).endsWith("?sslmode=disable").doesNotContain("p@ss").doesNotContain("p%40ss");
        assertThat(parsed.toString()).doesNotContain("p@ss");
        String dataset = "params_" + Digests.uniqueHexId(6);
        Pipeline pipeline = Jdlt.pipeline("params").pipelinesDir(dir).destination(PostgresDestination.of(parsed))
                .datasetName(dataset).build();
        pipeline.run(List.of(Map.of("id", 1), Map.of("id", 2)), "items");
        assertThat(TestSupportQueries.count(dataset + ".items")).isEqualTo(2);
    }

    @Test
    void aConnectionStringWithoutAnyUserIsRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() -> PostgresCredentials.parse("jdbc:postgresql://h/db?password=s3cret"))
                .isInstanceOf(TerminalException.class).hasMessageContaining("needs a user")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aSerializationFailureOrDeadlockDuringTheLoadIsTransient() throws SQLException {
        for (String code : List.of("40001", "40P01")) {
            assertThatThrownBy(() -> loadIntoTableWhoseTriggerRaises(code)).isInstanceOf(TransientException.class)
                    .hasMessageContaining("stays pending");
        }
    }

    @Test
    void aPackageATransientFailureKeepsPendingShowsWhyAndLoadsOnceRetried() throws SQLException {
        Pipeline pipeline = pipeline("pending", PostgresDestination.of(SERVER));
        pipeline.run(List.of(Map.of("id", 1)), "items");
        String dataset = pipeline.datasetName();
        execute("CREATE OR REPLACE FUNCTION " + dataset + ".refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "RAISE EXCEPTION 'the server is busy' USING ERRCODE = '53300'; END $$");
        execute("CREATE TRIGGER refuse BEFORE INSERT ON " + dataset + ".items FOR EACH ROW EXECUTE FUNCTION "
                + dataset + ".refuse()");
        assertThatThrownBy(() -> pipeline.run(List.of(Map.of("id", 2)), "items"))
                .isInstanceOf(TransientException.class);
        assertThat(pipeline.abortedPackages()).isEmpty();
        assertThat(pipeline.pendingPackages()).singleElement().satisfies(pending -> {
            assertThat(pending.status()).isEqualTo(io.jdlt.storage.PackageStatus.NORMALIZED);
            assertThat(pending.failure()).contains("the server is busy");
        });

        // the cause goes away: the operator retries the package, and it loads once
        execute("DROP TRIGGER refuse ON " + dataset + ".items");
        pipeline.retryPackage(pipeline.pendingPackages().get(0).loadId());
        assertThat(pipeline.pendingPackages()).isEmpty();
        assertThat(TestSupportQueries.count(dataset + ".items")).isEqualTo(2);
    }

    @Test
    void aRefusedPrivilegeDuringTheLoadIsTerminalButKeepsThePackageForTheFix() throws SQLException {
        // not retried (a grant does not come back by itself), not aborted either: the package is not to blame
        Pipeline pipeline = withRefusingTrigger("42501");
        assertThatThrownBy(() -> loadIntoTableWhoseTriggerRaises(pipeline)).isInstanceOf(TerminalException.class)
                .isNotInstanceOf(io.jdlt.destination.PackageRefusedException.class)
                .hasMessageContaining("stays pending until the cause is fixed");
        assertThat(pipeline.pendingPackages()).singleElement()
                .satisfies(pending -> assertThat(pending.failure()).contains("refused by the test"));
        assertThat(pipeline.abortedPackages()).isEmpty();
    }

    @Test
    void aDestinationLimitIsTerminal() {
        // PostgreSQL takes at most 1600 columns in a table (54011)
        Map<String, Object> wide = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 1700; i++) {
            wide.put("c" + i, i);
        }
        Pipeline pipeline = pipeline("wide", PostgresDestination.of(SERVER));

        assertThatThrownBy(() -> pipeline.run(List.of(wide), "wide")).isInstanceOf(TerminalException.class)
                .hasMessageContaining("Nothing of the package was committed").hasMessageNotContaining("stays pending")
                .satisfies(ex -> assertThat(rootSqlState(ex)).isEqualTo("54011"));
    }

    /** The second run of a pipeline whose table refuses every row with the SQLState; the first row stays alone. */
    private void loadIntoTableWhoseTriggerRaises(String sqlState) throws SQLException {
        loadIntoTableWhoseTriggerRaises(withRefusingTrigger(sqlState));
    }

    private static void loadIntoTableWhoseTriggerRaises(Pipeline pipeline) {
        try {
            pipeline.run(List.of(Map.of("id", 2)), "items");
        }
        finally {
            assertThat(TestSupportQueries.count(pipeline.datasetName() + ".items")).isEqualTo(1);
        }
    }

    /** A pipeline whose first run created its table; a trigger then raises the code on every row copied in. */
    private Pipeline withRefusingTrigger(String sqlState) throws SQLException {
        Pipeline pipeline = pipeline("trigger", PostgresDestination.of(SERVER));
        pipeline.run(List.of(Map.of("id", 1)), "items");
        String dataset = pipeline.datasetName();
        execute("CREATE OR REPLACE FUNCTION " + dataset + ".refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "RAISE EXCEPTION 'refused by the test' USING ERRCODE = '" + sqlState + "'; END $$");
        execute("CREATE TRIGGER refuse BEFORE INSERT ON " + dataset + ".items FOR EACH ROW EXECUTE FUNCTION "
                + dataset + ".refuse()");
        return pipeline;
    }

    private Pipeline pipeline(String name, PostgresDestination destination) {
        String dataset = name + "_" + Digests.uniqueHexId(6);
        return Jdlt.pipeline(name).pipelinesDir(dir.resolve(dataset)).destination(destination).datasetName(dataset)
                .build();
    }

    private static String rootSqlState(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "";
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER.jdbcUrl(), TestPostgres.properties());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Counts through a connection of the test's own. */
    private static final class TestSupportQueries {

        static long count(String table) {
            List<Map<String, Object>> rows = io.jdlt.TestSupport.query(SERVER.jdbcUrl(), TestPostgres.properties(),
                    "SELECT count(*) AS n FROM " + table);
            return ((Number) rows.get(0).get("n")).longValue();
        }
    }
}
