package io.jdlt.storage;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The failures a resource's own code throws that may pass by themselves, however deep they are wrapped. */
class IoErrorsTest {

    @Test
    void aPoolTimeoutARecoverableConnectionAndTransientSqlStatesMayPass() {
        // Hikari's message when no connection became free in time
        assertThat(IoErrors.isTransient(new RuntimeException(new SQLTransientConnectionException(
                "pool - Connection is not available, request timed out after 30000ms.")))).isTrue();
        assertThat(IoErrors.isTransient(new SQLRecoverableException("I/O error"))).isTrue();
        for (String state : new String[] {"08006", "40P01", "53300", "57014"}) {
            assertThat(IoErrors.isTransient(new RuntimeException(new SQLException("failed", state)))).as(state)
                    .isTrue();
        }
    }

    @Test
    void otherSqlStatesAndAConstraintFailingAtCommitDoNotPass() {
        for (String state : new String[] {"42601", "28P01", "23505", "40002", "22001"}) {
            assertThat(IoErrors.isTransient(new SQLException("failed", state))).as(state).isFalse();
        }
        assertThat(IoErrors.isTransient(new SQLException("no state"))).isFalse();
    }

    @Test
    void anInterruptedThreadAndADroppedConnectionMayPass() {
        assertThat(IoErrors.isTransient(new RuntimeException(new InterruptedException()))).isTrue();
        assertThat(IoErrors.isTransient(new IOException("Connection reset"))).isTrue();
        assertThat(IoErrors.isTransient(new IOException("Broken pipe"))).isTrue();
        // java.net.http's message when an HTTP/2 server closes the connection
        assertThat(IoErrors.isTransient(new IOException("Received RST_STREAM: GOAWAY received"))).isTrue();
        assertThat(IoErrors.isTransient(new IOException("invalid JSON in response"))).isFalse();
    }
}
