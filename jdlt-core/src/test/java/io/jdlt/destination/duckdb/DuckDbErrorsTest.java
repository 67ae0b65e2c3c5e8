package io.jdlt.destination.duckdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import io.jdlt.destination.SqlErrors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * DuckDB's own errors, provoked by real statements through its JDBC driver, get the kind their error type means; the
 * types no statement here can provoke are read from DuckDB's message format ({@code "<Type> Error: …"}).
 */
class DuckDbErrorsTest {

    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void aValueThatCannotBeCastOrOverflowsIsData() {
        assertThat(kindOf("SELECT CAST('x' AS INTEGER)", "Conversion Error")).isEqualTo(SqlErrors.Kind.DATA);
        assertThat(kindOf("SELECT 2147483647::INTEGER + 1", "Out of Range Error")).isEqualTo(SqlErrors.Kind.DATA);
    }

    @Test
    void anExhaustedSequenceIsData() throws SQLException {
        execute("CREATE SEQUENCE ids START 1 MAXVALUE 2");
        execute("SELECT nextval('ids'), nextval('ids')");

        assertThat(kindOf("SELECT nextval('ids')", "Sequence Error")).isEqualTo(SqlErrors.Kind.DATA);
    }

    @Test
    void anUnknownFunctionTableOrSettingAndBadSyntaxAreTerminal() {
        assertThat(kindOf("SELECT no_such_function(1)", "Catalog Error")).isEqualTo(SqlErrors.Kind.TERMINAL);
        assertThat(kindOf("SELECT * FROM no_such_table", "Catalog Error")).isEqualTo(SqlErrors.Kind.TERMINAL);
        assertThat(kindOf("SELECT 1::DECIMAL(40, 2)", "Parser Error")).isEqualTo(SqlErrors.Kind.TERMINAL);
        assertThat(kindOf("SET threads = -1", "Syntax Error")).isEqualTo(SqlErrors.Kind.TERMINAL);
    }

    @Test
    void aCancelledStatementIsTransient() throws Exception {
        try (Statement statement = connection.createStatement()) {
            Thread canceller = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    statement.cancel();
                }
                catch (InterruptedException | SQLException ex) {
                    throw new IllegalStateException(ex);
                }
            });
            canceller.start();
            SQLException cancelled = catchThrowableOfType(SQLException.class,
                    () -> statement.executeQuery("SELECT count(*) FROM range(1000000000000) a").next());
            canceller.join();

            // DuckDB spells this type in capitals, unlike most
            assertThat(cancelled.getMessage()).startsWith("INTERRUPT Error");
            assertThat(DuckDbErrors.INSTANCE.classify(cancelled)).isEqualTo(SqlErrors.Kind.TRANSIENT);
        }
    }

    @Test
    void runningOutOfMemoryIsTransient() throws SQLException {
        execute("SET memory_limit = '1MB'");

        assertThat(kindOf("SELECT list(range) FROM range(10000000)", "Out of Memory Error"))
                .isEqualTo(SqlErrors.Kind.TRANSIENT);
    }

    @Test
    void anExtensionThatCannotBeDownloadedIsTransientAndOneThatMayNotBeInstalledIsTerminal() throws SQLException {
        // a repository nothing listens at: the download fails as it would while the network is down
        execute("SET custom_extension_repository = 'http://127.0.0.1:1'");
        assertThat(kindOf("SELECT * FROM read_parquet('https://127.0.0.1:1/x.parquet')",
                "Extension Autoloading Error")).isEqualTo(SqlErrors.Kind.TRANSIENT);

        execute("SET autoinstall_known_extensions = false");
        SQLException refused = catchThrowableOfType(SQLException.class,
                () -> execute("SELECT * FROM read_parquet('https://127.0.0.1:1/x.parquet')"));
        assertThat(refused.getMessage()).doesNotContain("Failed to download extension");
        assertThat(DuckDbErrors.INSTANCE.classify(refused)).isEqualTo(SqlErrors.Kind.TERMINAL);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Divide by Zero Error: Division by zero on right-hand side | DATA
            Invalid type Error: Invalid Type [VARCHAR]: cannot hash    | DATA
            Decimal Error: value does not fit                          | DATA
            Object Size Error: object too large                        | DATA
            Unknown Type Error: type X                                 | TERMINAL
            Expression Error: cannot evaluate                          | TERMINAL
            Planner Error: cannot plan                                 | TERMINAL
            Optimizer Error: cannot optimize                           | TERMINAL
            Parameter Not Resolved Error: Parameter types could not be resolved | TERMINAL
            Parameter Not Allowed Error: not allowed here              | TERMINAL
            Missing Extension Error: Missing Extension 'httpfs'        | TERMINAL
            Settings Error: bad setting                                | TERMINAL
            Index Error: cannot index                                  | TERMINAL
            Stat Error: bad statistics                                 | TERMINAL
            Connection Error: Connection has already been closed       | TRANSIENT
            Scheduler Error: could not schedule                        | TRANSIENT
            Executor Error: query was invalidated                      | TRANSIENT
            INTERRUPT Error: Interrupted!                              | TRANSIENT
            """)
    void eachDuckDbErrorTypeHasItsKind(String message, SqlErrors.Kind kind) {
        assertThat(DuckDbErrors.INSTANCE.classify(new SQLException(message))).isEqualTo(kind);
    }

    private SqlErrors.Kind kindOf(String sql, String expectedType) {
        SQLException failure = catchThrowableOfType(SQLException.class, () -> execute(sql));
        assertThat(failure.getMessage()).as(sql).startsWith(expectedType + ":");
        return DuckDbErrors.INSTANCE.classify(failure);
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (statement.execute(sql)) {
                try (var rows = statement.getResultSet()) {
                    while (rows.next()) {
                        // reading every row makes DuckDB run the whole query
                    }
                }
            }
        }
    }
}
