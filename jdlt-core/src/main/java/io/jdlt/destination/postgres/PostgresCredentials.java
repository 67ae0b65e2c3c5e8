package io.jdlt.destination.postgres;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

import io.jdlt.common.TerminalException;
import io.jdlt.destination.JdbcUrls;
import org.jspecify.annotations.Nullable;

/**
 * dlt's PostgreSQL credentials: host, port, database, username and password, or one connection string
 * ({@code postgresql://loader:secret@localhost:5432/dlt_data}). {@link #toString()} never shows the password.
 */
public record PostgresCredentials(String host, int port, String database, String username, @Nullable String password,
        @Nullable String query) {

    public PostgresCredentials(String host, int port, String database, String username, @Nullable String password) {
        this(host, port, database, username, password, null);
    }

    public PostgresCredentials {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(username, "username");
        if (port <= 0 || port > 65535) {
            throw new TerminalException("PostgreSQL port must be 1..65535, was " + port);
        }
    }

    /**
     * Parses {@code postgres://}, {@code postgresql://} or {@code jdbc:postgresql://} connection strings; user and
     * password come before the host or as the parameters {@code user} and {@code password}; other query parameters
     * ({@code ?sslmode=require}) go to the driver. Host names may contain underscores (container names),
     * which {@link java.net.URI} does not accept, so the string is split by hand.
     */
    public static PostgresCredentials parse(String connectionString) {
        String text = connectionString.strip();
        if (text.startsWith("jdbc:")) {
            text = text.substring("jdbc:".length());
        }
        int schemeEnd = text.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgres") && !scheme.equals("postgresql")) {
            throw invalid(connectionString, "is not a connection string like postgresql://user:password@host:5432/database");
        }
        String rest = text.substring(schemeEnd + 3);
        String query = null;
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        int at = rest.lastIndexOf('@');
        String userInfo = at < 0 ? null : rest.substring(0, at);
        String location = at < 0 ? rest : rest.substring(at + 1);
        int slash = location.indexOf('/');
        String hostPort = slash < 0 ? location : location.substring(0, slash);
        String database = slash < 0 ? "" : decode(location.substring(slash + 1));
        String host = hostPort;
        int port = 5432;
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0 && !hostPort.endsWith("]")) {
            host = hostPort.substring(0, colon);
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            }
            catch (NumberFormatException ex) {
                throw invalid(connectionString, "has a port that is not a number");
            }
        }
        String username = null;
        String password = null;
        if (userInfo != null) {
            int separator = userInfo.indexOf(':');
            username = decode(separator < 0 ? userInfo : userInfo.substring(0, separator));
            password = separator < 0 ? null : decode(userInfo.substring(separator + 1));
        }
        if (query != null) {
            // libpq and the JDBC driver also take them as parameters (jdbc:postgresql://h/db?user=u&password=p); they
            // go to the driver as properties, so that the URL jdlt shows and logs never holds the password
            java.util.List<String> driverParameters = new java.util.ArrayList<>();
            for (String parameter : query.split("&")) {
                int equals = parameter.indexOf('=');
                String key = decode(equals < 0 ? parameter : parameter.substring(0, equals)).toLowerCase(Locale.ROOT);
                String value = equals < 0 ? "" : decode(parameter.substring(equals + 1));
                if (key.equals("user") && (username == null || username.isEmpty())) {
                    username = value;
                }
                else if (key.equals("password") && password == null) {
                    password = value;
                }
                else if (!key.equals("user") && !key.equals("password") && !parameter.isEmpty()) {
                    driverParameters.add(parameter);
                }
            }
            query = driverParameters.isEmpty() ? null : String.join("&", driverParameters);
        }
        if (host.isEmpty() || database.isEmpty() || username == null || username.isEmpty()) {
            throw invalid(connectionString, "needs a user, a host and a database: "
                    + "postgresql://user:password@host:5432/database or "
                    + "jdbc:postgresql://host:5432/database?user=user&password=password");
        }
        return new PostgresCredentials(host, port, database, username, password, query);
    }

    private static TerminalException invalid(String connectionString, String problem) {
        return new TerminalException("PostgreSQL credentials: '" + JdbcUrls.redact(connectionString) + "' " + problem);
    }

    /** The JDBC URL, with the connection string's query parameters for the driver (never the password). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + (query == null ? "" : "?" + query);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }


    @Override
    public String toString() {
        return "postgresql://" + username + (password == null ? "" : ":***") + "@" + host + ":" + port + "/" + database;
    }
}
