package io.jdlt.destination;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.jdlt.TransientException;

/** The JDBC URL of an application's DataSource, to tell which database it points at. */
public final class JdbcUrls {

    private JdbcUrls() {
    }

    /** Asks the database through one borrowed connection: pools name their URL in different properties. */
    public static String of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            String url = connection.getMetaData().getURL();
            return url == null ? "" : url;
        }
        catch (SQLException ex) {
            throw new TransientException("Cannot connect to the application's DataSource to see which database it "
                    + "is: " + ex.getMessage(), ex);
        }
    }

    /** The URL without a password given in it ({@code password=…} or {@code user:password@}). */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1******").replaceAll("://([^:/@]*):[^@/]*@", "://$1:******@");
    }
}
