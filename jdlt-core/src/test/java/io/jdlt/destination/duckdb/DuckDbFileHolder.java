package io.jdlt.destination.duckdb;

import java.sql.Connection;
import java.sql.DriverManager;

/**
 * A second process for tests: opens the DuckDB file given as its argument, which takes its write lock, says
 * {@code held}, and keeps it until its standard input closes.
 */
public final class DuckDbFileHolder {

    private DuckDbFileHolder() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + args[0])) {
            connection.createStatement().execute("CREATE TABLE IF NOT EXISTS held (id INTEGER)");
            System.out.println("held");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the test to close the pipe
            }
        }
    }
}
