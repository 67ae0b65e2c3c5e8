package io.jdlt.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.jdlt.common.TerminalException;
import io.jdlt.destination.duckdb.DuckDbDestination;
import io.jdlt.destination.postgres.PostgresCredentials;
import io.jdlt.destination.postgres.PostgresDestination;
import org.junit.jupiter.api.Test;

/** Destinations by name, configured with dlt's setting names. */
class DestinationFactoryTest {

    @Test
    void postgresFromAConnectionString() {
        Destination destination = Destinations.create("postgres", new DestinationContext("p", Map.of(
                "credentials", "postgresql://loader:p%40ss%3Aword@db.internal:6543/dlt_data",
                "replace_strategy", "insert-from-staging")));
        PostgresCredentials credentials = ((PostgresDestination) destination).credentials();
        assertThat(credentials).isEqualTo(new PostgresCredentials("db.internal", 6543, "dlt_data", "loader", "p@ss:word"));
        assertThat(destination.location()).isEqualTo("postgresql://loader:***@db.internal:6543/dlt_data")
                .doesNotContain("word");
        assertThat(destination.capabilities().maxIdentifierLength()).isEqualTo(63);
    }

    @Test
    void connectionStringsWithContainerHostNamesAndDriverParameters() {
        PostgresCredentials credentials = PostgresCredentials.parse(
                "postgres://loader:pw@pg_server/dlt?sslmode=require&connectTimeout=5");
        assertThat(credentials.host()).isEqualTo("pg_server");
        assertThat(credentials.port()).isEqualTo(5432);
        assertThat(credentials.jdbcUrl()).isEqualTo("jdbc:postgresql://pg_server:5432/dlt?sslmode=require&connectTimeout=5");
        assertThat(PostgresCredentials.parse("jdbc:postgresql://u@h:15432/db").port()).isEqualTo(15432);
    }

    @Test
    void postgresFromCredentialFields() {
        Destination destination = Destinations.create("postgres", new DestinationContext("p", Map.of(
                "credentials.host", "localhost", "credentials.database", "dlt_data",
                "credentials.username", "loader", "credentials.password", "secret")));
        assertThat(((PostgresDestination) destination).credentials())
                .isEqualTo(new PostgresCredentials("localhost", 5432, "dlt_data", "loader", "secret"));
    }

    @Test
    void wrongPostgresSettingsNameTheKey() {
        assertThatThrownBy(() -> Destinations.create("postgres", new DestinationContext("p", Map.of())))
                .isInstanceOf(io.jdlt.config.ConfigMissingException.class)
                .hasMessageStartingWith("Missing configuration for destination postgres: "
                        + "destination.postgres.credentials.host, destination.postgres.credentials.database, "
                        + "destination.postgres.credentials.username.")
                .hasMessageContaining("destination settings: p.destination.postgres.credentials.host, "
                        + "p.destination.credentials.host, p.credentials.host, destination.postgres.credentials.host, "
                        + "destination.credentials.host, credentials.host");
        assertThatThrownBy(() -> Destinations.create("postgres", new DestinationContext("p", Map.of(
                "credentials.host", "h", "credentials.database", "d", "credentials.username", "u",
                "credentials.port", "five"))))
                .isInstanceOf(TerminalException.class).hasMessageContaining("credentials.port");
        assertThatThrownBy(() -> PostgresCredentials.parse("mysql://u:secret@h/d"))
                .isInstanceOf(TerminalException.class).hasMessageContaining("postgresql://")
                .hasMessageNotContaining("secret");
    }

    @Test
    void duckdbFromSettings() {
        Destination destination = Destinations.create("duckdb", new DestinationContext("p", Map.of(
                "credentials", "duckdb:////tmp/x/data.duckdb", "replace_strategy", "insert-from-staging")));
        assertThat(((DuckDbDestination) destination).databaseFile().toString()).isEqualTo("/tmp/x/data.duckdb");
        assertThat(((DuckDbDestination) destination).replaceStrategy()).isEqualTo(ReplaceStrategy.INSERT_FROM_STAGING);
        assertThat(Destinations.create("duckdb", "my_pipeline").location()).endsWith("my_pipeline.duckdb");
    }
}
