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
        List<String> statements = mergeOrdersTwice("analyzed").statements();

        List<String> helpers = statements.stream().filter(sql -> sql.startsWith("CREATE TEMPORARY TABLE "))
                .map(sql -> sql.split(" ")[3]).toList();
        org.assertj.core.api.Assertions.assertThat(helpers).hasSize(4);
        for (String helper : helpers) {
            org.assertj.core.api.Assertions.assertThat(statements).contains("ANALYZE " + helper);
        }
        org.assertj.core.api.Assertions.assertThat(count("orders")).isEqualTo(2);
        org.assertj.core.api.Assertions.assertThat(count("orders__items")).isEqualTo(3);
    }

    /**
     * A merge inserts rows in the order of each table's unique index: the index is then filled page after page
     * instead of at random.
     */
    @org.junit.jupiter.api.Test
    void aMergeInsertsRowsInTheOrderOfTheUniqueIndex() {
        MergeRun run = mergeOrdersTwice("ordered");

        List<String> inserts = run.statements().stream().filter(sql -> sql.startsWith("INSERT INTO ")).toList();
        org.assertj.core.api.Assertions.assertThat(inserts).hasSize(4)
                .allSatisfy(sql -> org.assertj.core.api.Assertions.assertThat(sql).endsWith(" ORDER BY \"_dlt_id\""));
        String dataset = run.pipeline().datasetName();
        org.assertj.core.api.Assertions.assertThat(query("SELECT o.id, i.sku FROM " + dataset + ".orders o JOIN "
                + dataset + ".orders__items i ON i._dlt_root_id = o._dlt_id ORDER BY i.sku"))
                .extracting(r -> r.get("id") + r.get("sku").toString()).containsExactly("1a", "1b", "2c");
    }

    /**
     * A table created before row keys were declared {@code "C"} keeps the database's collation, and its staging copy
     * follows it, so an upsert still joins copy and table on the table's index; upserts keep working on it.
     */
    @org.junit.jupiter.api.Test
    void aStagingCopyComparesRowKeysAsItsTableDoes() throws SQLException {
        io.jdlt.Pipeline pipeline = pipeline("legacy");
        java.util.function.Function<String, io.jdlt.extract.Resource> orders = sku -> io.jdlt.extract.Resource.of(
                "orders", rows(row("id", 1, "items", List.of(row("sku", sku)))))
                .primaryKey("id").writeDisposition(io.jdlt.schema.WriteDisposition.merge(io.jdlt.schema.MergeStrategy.UPSERT));
        pipeline.run(orders.apply("a"));
        String dataset = pipeline.datasetName();
        // as a table created before jdlt declared row keys "C"
        execute("ALTER TABLE " + dataset + ".orders__items ALTER COLUMN _dlt_id TYPE varchar COLLATE \"default\"");

        io.jdlt.schema.Schema schema = pipeline.schema("legacy").orElseThrow();
        PostgresCredentials server = TestPostgres.credentials();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.username(),
                server.password() == null ? "" : server.password());
                PostgresJobClient client = new PostgresJobClient(connection, dataset, ReplaceStrategy.TRUNCATE_AND_INSERT,
                        () -> { })) {
            org.assertj.core.api.Assertions.assertThat(client.stagingCollation(schema.table("orders__items"),
                    schema.table("orders__items").column("_dlt_id"))).isEmpty();
            org.assertj.core.api.Assertions.assertThat(client.stagingCollation(schema.table("orders"),
                    schema.table("orders").column("_dlt_id"))).isEqualTo(" COLLATE \"C\"");
        }
        pipeline.run(orders.apply("b"));
        org.assertj.core.api.Assertions.assertThat(query("SELECT o.id, i.sku FROM " + dataset + ".orders o JOIN "
                + dataset + ".orders__items i ON i._dlt_parent_id = o._dlt_id")).extracting(r -> r.get("id") + r.get("sku").toString())
                .containsExactly("1b");
    }

    /**
     * JSON lines go in through binary COPY; a table whose column was changed by hand to a type that form does not
     * write (here {@code character(4)}) still loads, as CSV text.
     */
    @org.junit.jupiter.api.Test
    void aColumnChangedByHandToAnotherTypeStillLoads() throws SQLException {
        io.jdlt.Pipeline pipeline = pipeline("altered");
        pipeline.run(io.jdlt.extract.Resource.of("codes", rows(row("id", 1, "code", "ab"))));
        String dataset = pipeline.datasetName();
        execute("ALTER TABLE " + dataset + ".codes ALTER COLUMN code TYPE character(4)");

        pipeline.run(io.jdlt.extract.Resource.of("codes", rows(row("id", 2, "code", "cd"))));

        org.assertj.core.api.Assertions.assertThat(query("SELECT id, code FROM " + dataset + ".codes ORDER BY id"))
                .extracting(r -> r.get("id") + ":" + r.get("code")).containsExactly("1:ab  ", "2:cd  ");
    }

    private record MergeRun(io.jdlt.Pipeline pipeline, List<String> statements) {
    }

    /** Two delete-insert merges of the same two orders (three items), with the follow-up statements they ran. */
    private MergeRun mergeOrdersTwice(String pipelineName) {
        List<String> statements = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.jdlt.Pipeline pipeline = pipeline(pipelineName, new io.jdlt.common.PipelineListener() {
            @Override
            public void followUpStatement(String loadId, String rootTable, String sql) {
                statements.add(sql);
            }
        });
        io.jdlt.extract.Resource orders = io.jdlt.extract.Resource.of("orders", rows(
                row("id", 1, "items", List.of(row("sku", "a"), row("sku", "b"))), row("id", 2, "items",
                        List.of(row("sku", "c")))))
                .primaryKey("id").writeDisposition(io.jdlt.schema.WriteDisposition.merge());
        pipeline.run(orders);
        pipeline.run(orders);
        return new MergeRun(pipeline, statements);
    }

    /**
     * {@code _dlt_id} is compared byte by byte (its unique index is built and probed without the locale), and still
     * joins with the database's collation: the child's {@code _dlt_parent_id} and a user's text column.
     */
    @org.junit.jupiter.api.Test
    void rowKeysCompareByteByByteAndJoinWithDefaultCollatedColumns() {
        io.jdlt.Pipeline pipeline = pipeline("collated");
        pipeline.run(io.jdlt.extract.Resource.of("orders", rows(
                row("id", 1, "items", List.of(row("sku", "a"), row("sku", "b"))), row("id", 2, "items",
                        List.of(row("sku", "c"))))));

        String dataset = pipeline.datasetName();
        org.assertj.core.api.Assertions.assertThat(query("SELECT table_name, column_name, collation_name FROM "
                + "information_schema.columns WHERE table_schema = '" + dataset + "' AND column_name IN "
                + "('_dlt_id', '_dlt_parent_id', 'sku') ORDER BY table_name, column_name"))
                .extracting(r -> r.get("table_name") + "." + r.get("column_name") + ":" + r.get("collation_name"))
                .containsExactly("_dlt_pipeline_state._dlt_id:C", "orders._dlt_id:C", "orders__items._dlt_id:C", "orders__items._dlt_parent_id:null",
                        "orders__items.sku:null");
        org.assertj.core.api.Assertions.assertThat(query("SELECT conrelid::regclass::text AS t FROM pg_constraint "
                + "WHERE contype = 'u' AND connamespace = '" + dataset + "'::regnamespace ORDER BY 1"))
                .extracting(r -> r.get("t")).containsExactly(dataset + "._dlt_pipeline_state", dataset + ".orders",
                        dataset + ".orders__items");
        org.assertj.core.api.Assertions.assertThat(query("SELECT o.id, i.sku FROM " + dataset + ".orders o JOIN "
                + dataset + ".orders__items i ON i._dlt_parent_id = o._dlt_id ORDER BY i.sku"))
                .extracting(r -> r.get("id") + r.get("sku").toString()).containsExactly("1a", "1b", "2c");
        org.assertj.core.api.Assertions.assertThat(query("SELECT count(*) AS n FROM " + dataset + ".orders o JOIN "
                + dataset + ".orders__items i ON o._dlt_id = i.sku || ''")).extracting(r -> r.get("n"))
                .containsExactly(0L);
    }

    /** The issue's reproduction: PostgreSQL refuses a NUL in text; the cursor stays where the loaded rows end. */
    @org.junit.jupiter.api.Test
    void aNulCharacterPostgresRefusesDoesNotMoveTheCursorPastUnloadedRows() {
        io.jdlt.Pipeline pipeline = pipeline("nul_text");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pipeline.run(notes(1000, 500)))
                .isInstanceOf(io.jdlt.load.LoadFailedException.class).hasMessageContaining("note");
        pipeline("nul_text").run(notes(1100, null));
        org.assertj.core.api.Assertions.assertThat(count("notes")).isEqualTo(1100);
        org.assertj.core.api.Assertions.assertThat(query("SELECT count(*) AS n FROM \"" + dataset
                + "\".notes WHERE note = 'a' || id").get(0).get("n")).isEqualTo(1100L);
    }

    /**
     * A package normalized after the refused one carries the refused table in its schema: it must load its own tables
     * all the same, not try to create that one again.
     */
    @org.junit.jupiter.api.Test
    void aPackageWhoseSchemaCarriesARefusedTableStillLoadsItsOwnTables() {
        io.jdlt.Pipeline pipeline = pipeline("carried");
        pipeline.run(List.of(Map.of("id", 0)), "events");
        Map<String, Object> wide = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 1700; i++) {
            wide.put("c" + i, i);
        }
        pipeline.extract(List.of(wide), "wide");
        pipeline.extract(List.of(Map.of("id", 1)), "events");
        pipeline.normalize();
        org.assertj.core.api.Assertions.assertThatThrownBy(pipeline::load)
                .isInstanceOf(io.jdlt.load.LoadFailedException.class).hasMessageContaining("1600");
        pipeline.run();
        org.assertj.core.api.Assertions.assertThat(pipeline.abortedPackages()).hasSize(1);
        org.assertj.core.api.Assertions.assertThat(pipeline.hasPendingData()).isFalse();
        org.assertj.core.api.Assertions.assertThat(count("events")).isEqualTo(2);

        // the refused columns left the stored schema: the table, fixed, is created from its own data
        pipeline.run(List.of(Map.of("c0", 1, "c1", 2)), "wide");
        org.assertj.core.api.Assertions.assertThat(query("SELECT count(*) AS n FROM information_schema.columns WHERE "
                + "table_schema = '" + dataset + "' AND table_name = 'wide'").get(0).get("n")).isEqualTo(4L);
    }

    private static io.jdlt.extract.Resource notes(int upTo, @org.jspecify.annotations.Nullable Integer poisoned) {
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        for (int i = 1; i <= upTo; i++) {
            items.add(Map.of("id", i, "ts", i, "note", Integer.valueOf(i).equals(poisoned) ? "a\u0000b" : "a" + i));
        }
        return io.jdlt.extract.Resource.builder("notes").primaryKey("id")
                .writeDisposition(io.jdlt.schema.WriteDisposition.merge())
                .incremental(io.jdlt.extract.Incremental.on("ts")).data(items).build();
    }

    /** More than 1600 columns is a limit of PostgreSQL's: the package is aborted, and later runs go on. */
    @org.junit.jupiter.api.Test
    void aTableWiderThanPostgresAllowsIsAbortedAndDoesNotBlockLaterRuns() {
        io.jdlt.Pipeline pipeline = pipeline("too_wide");
        Map<String, Object> wide = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 1700; i++) {
            wide.put("c" + i, i);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pipeline.run(List.of(wide), "wide"))
                .isInstanceOf(io.jdlt.load.LoadFailedException.class).hasMessageContaining("1600");
        org.assertj.core.api.Assertions.assertThat(pipeline.hasPendingData()).isFalse();
        org.assertj.core.api.Assertions.assertThat(pipeline.abortedPackages()).singleElement()
                .satisfies(aborted -> org.assertj.core.api.Assertions.assertThat(aborted.failure()).contains("1600"));

        pipeline.run(List.of(Map.of("id", 1)), "narrow");
        org.assertj.core.api.Assertions.assertThat(count("narrow")).isEqualTo(1);
    }


    @Override
    protected String[] destinationSpec() {
        return new String[] {"postgres", "postgresql://" + credentials.username()
                + (credentials.password() == null ? "" : ":" + credentials.password()) + "@" + credentials.host() + ":"
                + credentials.port() + "/" + credentials.database()};
    }

    @Override
    protected void execute(String sql) {
        io.jdlt.TestSupport.execute(credentials.jdbcUrl(), TestPostgres.properties(), sql);
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
