package io.jdlt.destination.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import org.junit.jupiter.api.Test;

class PostgresSmokeTest {

    @Test
    void serverRunsPostgres17() throws Exception {
        PostgresCredentials credentials = TestPostgres.credentials();
        try (Connection connection = DriverManager.getConnection(credentials.jdbcUrl(), credentials.username(), "");
                ResultSet rows = connection.createStatement().executeQuery("SHOW server_version_num")) {
            rows.next();
            assertThat(rows.getInt(1)).isGreaterThanOrEqualTo(170000);
        }
    }
}
