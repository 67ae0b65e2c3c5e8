package io.jdlt.storage;

import io.jdlt.common.JdltException;
import io.jdlt.common.TerminalException;
import io.jdlt.common.TransientException;
import org.jspecify.annotations.Nullable;

/** Which I/O failures may pass by themselves, and the error a failure of jdlt's own working dir becomes. */
public final class IoErrors {

    // what the OS says when space, quota or file handles run out: freed by others or by an operator, not by new input
    private static final java.util.List<String> RESOURCE_SHORTAGES = java.util.List.of("No space left on device",
            "Disk quota exceeded", "Too many open files");
    // what an IOException says when the peer went away mid-exchange (java.net.http's HTTP/2 GOAWAY among them): the
    // next connection may get through
    private static final java.util.List<String> DROPPED_CONNECTIONS = java.util.List.of("Connection reset",
            "Broken pipe", "GOAWAY");
    // SQLState classes that may pass: connection (08), serialization failure and deadlock (40), insufficient
    // resources (53), operator intervention such as shutdown or statement timeout (57)
    private static final java.util.Set<String> TRANSIENT_SQL_STATE_CLASSES = java.util.Set.of("08", "40", "53", "57");

    private IoErrors() {
    }

    /**
     * Whether the failure (or one of its causes) may pass when the same work runs again: a transient jdlt error, a
     * dropped or refused connection, a timeout, a full disk, an interrupted thread, a JDBC failure of the connection,
     * of a serialization or deadlock, or of the server's resources. A missing, misplaced or forbidden path, a terminal
     * error, any other SQL error or anything else is not.
     *
     * <p>The SQL errors read here are those a resource's own JDBC code throws; a destination's statements are read by
     * {@code io.jdlt.destination.SqlErrors}, the full classifier (storage sits below the destinations and does not
     * use it).
     */
    public static boolean isTransient(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TransientException) {
                return true;
            }
            if (cause instanceof TerminalException) {
                return false;
            }
            if (cause instanceof java.net.SocketException || cause instanceof java.io.InterruptedIOException
                    || cause instanceof java.net.UnknownHostException
                    || cause instanceof java.net.http.HttpTimeoutException
                    || cause instanceof java.util.concurrent.TimeoutException
                    || cause instanceof java.nio.channels.ClosedByInterruptException
                    || cause instanceof InterruptedException
                    // Hikari's SQLTransientConnectionException (pool exhausted, connection timeout) among them
                    || cause instanceof java.sql.SQLTransientException
                    || cause instanceof java.sql.SQLRecoverableException) {
                return true;
            }
            if (cause instanceof java.sql.SQLException sql && isTransientSqlState(sql.getSQLState())) {
                return true;
            }
            String message = cause.getMessage();
            if (message != null && RESOURCE_SHORTAGES.stream().anyMatch(message::contains)) {
                return true;
            }
            if (cause instanceof java.io.IOException && message != null
                    && DROPPED_CONNECTIONS.stream().anyMatch(message::contains)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    private static boolean isTransientSqlState(@Nullable String state) {
        // 40002 is a constraint that failed at commit: the data, not the moment
        return state != null && state.length() == 5 && !state.equals("40002")
                && TRANSIENT_SQL_STATE_CLASSES.contains(state.substring(0, 2));
    }

    /**
     * A failure to read or write jdlt's own working dir (job files, loader files, package files), as transient: the
     * input is fine, the machine is not (a full disk, a folder removed or made unwritable under a running
     * pipeline); the package stays where it is and the next run takes it up again. A jdlt error passes unchanged.
     *
     * @param what what was being done, with the package or file, e.g. {@code "writing job file x of package y"}
     */
    public static JdltException workingDirFailure(String what, Throwable failure) {
        if (failure instanceof JdltException jdlt) {
            return jdlt;
        }
        return new TransientException("I/O error " + what + ": " + causes(failure) + ". Check the free space and "
                + "permissions of the pipeline's working dir; the package is kept and the next run takes it up again.",
                failure);
    }

    /** The distinct messages of the failure and its causes, outermost first: the file and the OS's reason. */
    private static String causes(Throwable failure) {
        java.util.List<String> messages = new java.util.ArrayList<>();
        for (Throwable cause = failure; cause != null && messages.size() < 5; cause = cause.getCause()) {
            String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            if (messages.stream().noneMatch(known -> known.contains(message))) {
                messages.add(message);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return String.join(": ", messages);
    }
}
