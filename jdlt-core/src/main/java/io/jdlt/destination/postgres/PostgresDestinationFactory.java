package io.jdlt.destination.postgres;

import javax.sql.DataSource;

import io.jdlt.destination.Destination;
import io.jdlt.destination.DestinationContext;
import io.jdlt.destination.DestinationFactory;
import io.jdlt.destination.JdbcUrls;
import io.jdlt.destination.ReplaceStrategy;
import io.jdlt.config.Secret;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates {@code postgres} destinations from dlt's settings: {@code credentials} as a connection string, or
 * {@code credentials.host}, {@code credentials.port}, {@code credentials.database}, {@code credentials.username},
 * {@code credentials.password}; and {@code replace_strategy}. Without credentials, an application's PostgreSQL
 * DataSource is used.
 */
public final class PostgresDestinationFactory implements DestinationFactory {

    private static final Logger log = LoggerFactory.getLogger(PostgresDestinationFactory.class);

    @Override
    public String name() {
        return PostgresDestination.NAME;
    }

    /** dlt's {@code ConnectionStringCredentials} of PostgreSQL, key by key. */
    private record CredentialKeys(String host, @Nullable Integer port, String database, String username,
            @Nullable @Secret String password) {
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
        if (!url.startsWith("jdbc:postgresql:")) {
            return null;
        }
        log.info("Pipeline {}: destination postgres has no credentials configured; loading into the application's "
                + "DataSource {}", context.pipelineName(), JdbcUrls.redact(url));
        return PostgresDestination.of(dataSource, JdbcUrls.redact(url));
    }

    private static PostgresCredentials credentials(DestinationContext context) {
        String connectionString = context.setting("credentials");
        PostgresCredentials credentials;
        if (connectionString != null && !connectionString.isBlank()) {
            credentials = PostgresCredentials.parse(connectionString);
        }
        else {
            // every missing key is named at once, with the environment variables and TOML keys tried for it
            CredentialKeys keys = context.config().bind("credentials", CredentialKeys.class);
            credentials = new PostgresCredentials(keys.host(), keys.port() == null ? 5432 : keys.port(),
                    keys.database(), keys.username(), keys.password());
        }
        return credentials;
    }
}
