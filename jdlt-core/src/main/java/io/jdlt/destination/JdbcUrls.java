package io.jdlt.destination;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.jdlt.config.Secrets;

/** The JDBC URL of an application's DataSource, to tell which database it points at. */
public final class JdbcUrls {

    private JdbcUrls() {
    }

    /**
     * The URL the pool was configured with ({@code getJdbcUrl()} of Hikari, {@code getUrl()} of others) when it has
     * one, so that nothing connects; else asked of the database through one borrowed connection.
     */
    public static String of(DataSource dataSource) {
        for (String getter : new String[] {"getJdbcUrl", "getUrl"}) {
            try {
                Object url = dataSource.getClass().getMethod(getter).invoke(dataSource);
                if (url instanceof String text && text.startsWith("jdbc:")) {
                    return text;
                }
            }
            catch (ReflectiveOperationException | RuntimeException notThisPool) {
                // the next getter, or the connection
            }
        }
        try (Connection connection = dataSource.getConnection()) {
            String url = connection.getMetaData().getURL();
            return url == null ? "" : url;
        }
        catch (SQLException ex) {
            SqlErrors.Kind kind = SqlErrors.classify(ex);
            throw SqlErrors.exception(kind, "Cannot connect to the application's DataSource to see which database it "
                    + "is: " + ex.getMessage() + (kind.isTransient() ? "" : ". Check the DataSource's URL, user and "
                    + "password; running again with them fails the same way."), ex);
        }
    }

    /**
     * The URL or connection string without a password given in it ({@code password=…} or {@code user:password@}; a
     * password may hold any character but {@code @}).
     */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1" + Secrets.MASK)
                .replaceAll("://([^:/@]*):[^@]*@", "://$1:" + Secrets.MASK + "@");
    }
}
