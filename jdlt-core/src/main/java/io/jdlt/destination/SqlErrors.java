package io.jdlt.destination;

import java.sql.SQLException;
import java.util.Locale;

import io.jdlt.common.JdltException;
import io.jdlt.common.TerminalException;
import io.jdlt.common.TransientException;
import org.jspecify.annotations.Nullable;

/**
 * The one classifier of SQL errors: whether running again with the same input can succeed. It reads the SQLState
 * (the standard's classes and PostgreSQL's own codes); a dialect whose driver sets none (DuckDB) classifies by its
 * message first, see {@link #classify(SQLException, Dialect)}.
 */
public final class SqlErrors {

    /** What a failed statement means for the package and for a retry. */
    public enum Kind {
        /** The database refused the data: the job that holds it fails, and running it again fails the same way. */
        DATA,
        /**
         * A limit of the destination the package's schema exceeds (PostgreSQL's 1600 columns): the package can never
         * load as it is.
         */
        LIMIT,
        /**
         * Credentials, privileges, configuration, the destination's own tables changed by hand: running again fails
         * the same way until someone fixes the cause; the package is not to blame and waits for the fix.
         */
        TERMINAL,
        /** Connection, lock, conflict, resources, shutdown, timeout: running again may succeed. */
        TRANSIENT;

        public boolean isTransient() {
            return this == TRANSIENT;
        }
    }

    /** A destination's own reading of one exception of the chain; null when it cannot tell. */
    @FunctionalInterface
    public interface Dialect {

        @Nullable Kind classify(SQLException ex);
    }

    /** No reading of its own: the SQLState decides. */
    public static final Dialect SQL_STATE_ONLY = ex -> null;

    private SqlErrors() {
    }

    /** By SQLState; see {@link #classify(SQLException, Dialect)}. */
    public static Kind classify(SQLException ex) {
        return classify(ex, SQL_STATE_ONLY);
    }

    /**
     * The first exception of the chain (causes and {@link SQLException#getNextException() next} exceptions) that the
     * dialect or its SQLState can tell decides. A wrapper keeps its cause's SQLState, so the outermost one that has
     * one is as good as the innermost. An error nothing can tell is transient: the package stays pending and the
     * next run tries again, which costs a retry but never loses data.
     */
    public static Kind classify(SQLException ex, Dialect dialect) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Throwable> pending = new java.util.ArrayDeque<>();
        pending.add(ex);
        while (!pending.isEmpty()) {
            Throwable next = pending.poll();
            if (!seen.add(next)) {
                continue;
            }
            if (next instanceof SQLException sql) {
                Kind kind = dialect.classify(sql);
                if (kind == null) {
                    kind = bySqlState(sql.getSQLState());
                }
                if (kind != null) {
                    return kind;
                }
                if (sql.getNextException() != null) {
                    pending.add(sql.getNextException());
                }
            }
            else if (next instanceof java.net.SocketTimeoutException || next instanceof java.net.ConnectException) {
                return Kind.TRANSIENT;
            }
            if (next.getCause() != null) {
                pending.add(next.getCause());
            }
        }
        return Kind.TRANSIENT;
    }

    /**
     * The kind of an SQLState, or null for none or one not known here. Classes 21, 22, 23 are data; connection (08),
     * serialization failure and deadlock (40), insufficient resources (53: disk full, out of memory, too many
     * connections), lock not available (55P03), object in use (55006), operator intervention (57: shutdown, crash,
     * cannot connect now, statement timeout), system errors (58) and snapshot too old (72) are transient; program
     * limits (54: too many columns) are limits; credentials (28), missing database (3D) or schema (3F), syntax and
     * privileges (42), unsupported features (0A), routine and trigger errors (38, 39, 2F, P0, 27) and internal errors
     * (XX) are terminal.
     */
    public static @Nullable Kind bySqlState(@Nullable String state) {
        if (state == null || state.length() != 5) {
            return null;
        }
        String code = state.toUpperCase(Locale.ROOT);
        switch (code) {
            case "55P03", "55006", "57P01", "57P02", "57P03", "57P05", "57014", "40001", "40P01", "40003", "40000" -> {
                return Kind.TRANSIENT;
            }
            case "57P04" -> {
                // the database was dropped while connected: it will not come back by itself
                return Kind.TERMINAL;
            }
            default -> {
            }
        }
        return switch (code.substring(0, 2)) {
            case "21", "22", "23" -> Kind.DATA;
            case "08", "53", "57", "58", "72" -> Kind.TRANSIENT;
            case "54" -> Kind.LIMIT;
            case "0A", "0L", "0P", "25", "27", "28", "2B", "2D", "2F", "38", "39", "3D", "3F", "40", "42", "44",
                    "55", "F0", "P0", "XX" -> Kind.TERMINAL;
            default -> null;
        };
    }

    /**
     * The exception of a kind: data errors outside a job and limits refuse the package ({@link
     * PackageRefusedException}: it is aborted); other terminal errors leave it waiting for the fix.
     */
    public static JdltException exception(Kind kind, String message, Throwable cause) {
        return switch (kind) {
            case TRANSIENT -> new TransientException(message, cause);
            case DATA, LIMIT -> new PackageRefusedException(message, cause);
            case TERMINAL -> new TerminalException(message, cause);
        };
    }
}
