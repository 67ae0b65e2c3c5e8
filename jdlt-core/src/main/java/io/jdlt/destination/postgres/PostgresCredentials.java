package io.jdlt.destination.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

import io.jdlt.TerminalException;
import org.jspecify.annotations.Nullable;

/**
 * dlt's PostgreSQL credentials: host, port, database, username and password, or one connection string
 * ({@code postgresql://loader:secret@localhost:5432/dlt_data}). {@link #toString()} never shows the password.
 */
public record PostgresCredentials(String host, int port, String database, String username, @Nullable String password) {

    public PostgresCredentials {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(username, "username");
        if (port <= 0 || port > 65535) {
            throw new TerminalException("PostgreSQL port must be 1..65535, was " + port);
        }
    }

    /** Parses {@code postgres://}, {@code postgresql://} or {@code jdbc:postgresql://} connection strings. */
    public static PostgresCredentials parse(String connectionString) {
        String text = connectionString.strip();
        if (text.startsWith("jdbc:")) {
            text = text.substring("jdbc:".length());
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("postgres://") && !lower.startsWith("postgresql://")) {
            throw new TerminalException("PostgreSQL credentials: '" + redact(connectionString) + "' is not a connection "
                    + "string like postgresql://user:password@host:5432/database");
        }
        try {
            URI uri = new URI(text);
            String userInfo = uri.getRawUserInfo();
            String username = null;
            String password = null;
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
                password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            }
            String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            if (uri.getHost() == null || path.isEmpty() || username == null) {
                throw new TerminalException("PostgreSQL credentials: '" + redact(connectionString) + "' needs a user, a "
                        + "host and a database: postgresql://user:password@host:5432/database");
            }
            return new PostgresCredentials(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), decode(path),
                    username, password);
        }
        catch (URISyntaxException ex) {
            throw new TerminalException("PostgreSQL credentials: cannot parse '" + redact(connectionString) + "': "
                    + ex.getReason(), ex);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static String redact(String connectionString) {
        return connectionString.replaceAll("://([^:/@]*):[^@]*@", "://$1:***@");
    }

    @Override
    public String toString() {
        return "postgresql://" + username + (password == null ? "" : ":***") + "@" + host + ":" + port + "/" + database;
    }
}
