package io.jdlt.destination.postgres;

import io.jdlt.TerminalException;
import io.jdlt.destination.Destination;
import io.jdlt.destination.DestinationContext;
import io.jdlt.destination.DestinationFactory;
import io.jdlt.destination.ReplaceStrategy;

/**
 * Creates {@code postgres} destinations from dlt's settings: {@code credentials} as a connection string, or
 * {@code credentials.host}, {@code credentials.port}, {@code credentials.database}, {@code credentials.username},
 * {@code credentials.password}; and {@code replace_strategy}.
 */
public final class PostgresDestinationFactory implements DestinationFactory {

    @Override
    public String name() {
        return PostgresDestination.NAME;
    }

    @Override
    public Destination create(DestinationContext context) {
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
        PostgresDestination destination = PostgresDestination.of(credentials);
        String replaceStrategy = context.setting("replace_strategy");
        return replaceStrategy == null ? destination
                : destination.withReplaceStrategy(ReplaceStrategy.fromDltName(replaceStrategy));
    }
}
