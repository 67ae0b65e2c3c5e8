package io.jdlt.destination.postgres;

import javax.sql.DataSource;

import io.jdlt.TerminalException;
import io.jdlt.destination.Destination;
import io.jdlt.destination.DestinationContext;
import io.jdlt.destination.DestinationFactory;
import io.jdlt.destination.JdbcUrls;
import io.jdlt.destination.ReplaceStrategy;
import org.jspecify.annotations.Nullable;

/**
 * Creates {@code postgres} destinations from dlt's settings: {@code credentials} as a connection string, or
 * {@code credentials.host}, {@code credentials.port}, {@code credentials.database}, {@code credentials.username},
 * {@code credentials.password}; and {@code replace_strategy}. Without credentials, an application's PostgreSQL
 * DataSource is used.
 */
public final class PostgresDestinationFactory implements DestinationFactory {

    @Override
    public String name() {
        return PostgresDestination.NAME;
    }

    @Override
    public Destination create(DestinationContext context) {
        PostgresDestination destination = applicationDataSource(context);
        if (destination == null) {
            destination = PostgresDestination.of(credentials(context));
        }
        String replaceStrategy = context.setting("replace_strategy");
        return replaceStrategy == null ? destination
                : destination.withReplaceStrategy(ReplaceStrategy.fromDltName(replaceStrategy));
    }

    /** With no credentials configured, the application's DataSource when it is a PostgreSQL database. */
    private static @Nullable PostgresDestination applicationDataSource(DestinationContext context) {
        DataSource dataSource = context.dataSource();
        if (dataSource == null || context.hasCredentials("host", "database", "username", "password")) {
            return null;
        }
        String url = JdbcUrls.of(dataSource);
        return url.startsWith("jdbc:postgresql:") ? PostgresDestination.of(dataSource, JdbcUrls.redact(url)) : null;
    }

    private static PostgresCredentials credentials(DestinationContext context) {
        String connectionString = context.setting("credentials");
        PostgresCredentials credentials;
        if (connectionString != null && !connectionString.isBlank()) {
            credentials = PostgresCredentials.parse(connectionString);
        }
        else {
            String host = context.setting("credentials.host");
            String database = context.setting("credentials.database");
            String username = context.setting("credentials.username");
            if (host == null || database == null || username == null) {
                throw new TerminalException("destination postgres needs credentials: a connection string in "
                        + "destination.postgres.credentials, or credentials.host, credentials.database and "
                        + "credentials.username (and credentials.password, credentials.port)");
            }
            String port = context.setting("credentials.port");
            int portNumber;
            try {
                portNumber = port == null ? 5432 : Integer.parseInt(port.strip());
            }
            catch (NumberFormatException ex) {
                throw new TerminalException("destination.postgres.credentials.port must be a number, was '" + port + "'",
                        ex);
            }
            credentials = new PostgresCredentials(host, portNumber, database, username,
                    context.setting("credentials.password"));
        }
        return credentials;
    }
}
