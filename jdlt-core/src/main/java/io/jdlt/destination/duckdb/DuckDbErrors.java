package io.jdlt.destination.duckdb;

import java.sql.SQLException;
import java.util.List;

import io.jdlt.destination.SqlErrors;
import org.jspecify.annotations.Nullable;

/**
 * DuckDB's reading of its errors for {@link SqlErrors}: its JDBC driver sets no SQLState, and its messages start
 * with the error type ({@code "Binder Error: …"}).
 */
final class DuckDbErrors implements SqlErrors.Dialect {

    static final DuckDbErrors INSTANCE = new DuckDbErrors();

    /** DuckDB's message when another process holds the database file. */
    static final String LOCK_CONFLICT = "Could not set lock on file";

    // the data, or the file read, is what the database refuses
    private static final List<String> DATA_TYPES = List.of("Conversion Error", "Invalid Input Error",
            "Constraint Error", "Out of Range Error", "Mismatch Type Error");
    // the statement or the schema is wrong, or DuckDB cannot do it: the same package fails the same way
    private static final List<String> TERMINAL_TYPES = List.of("Binder Error", "Catalog Error", "Parser Error",
            "Syntax Error", "Not implemented Error", "Permission Error", "Dependency Error", "Serialization Error",
            "INTERNAL Error", "Invalid Configuration Error");
    // the machine or a concurrent transaction: the next run may get through
    private static final List<String> TRANSIENT_TYPES = List.of("IO Error", "Out of Memory Error",
            "TransactionContext Error", "Transaction Error", "Interrupt Error", "FATAL Error", "HTTP Error");
    // I/O errors that no retry gets past: the path is not a database file DuckDB may write
    private static final List<String> TERMINAL_IO_PROBLEMS = List.of("not a valid DuckDB database file",
            "Is a directory", "Not a directory", "Permission denied", "Read-only file system",
            "created with an older, unsupported version", "database file was created with a newer");

    private DuckDbErrors() {
    }

    @Override
    public SqlErrors.@Nullable Kind classify(SQLException ex) {
        String message = ex.getMessage() == null ? "" : ex.getMessage();
        if (message.contains(LOCK_CONFLICT) || message.contains("No space left on device")) {
            return SqlErrors.Kind.TRANSIENT;
        }
        if (message.startsWith("IO Error") && TERMINAL_IO_PROBLEMS.stream().anyMatch(message::contains)) {
            return SqlErrors.Kind.TERMINAL;
        }
        if (DATA_TYPES.stream().anyMatch(message::startsWith)) {
            return SqlErrors.Kind.DATA;
        }
        if (TERMINAL_TYPES.stream().anyMatch(message::startsWith)) {
            return SqlErrors.Kind.TERMINAL;
        }
        if (TRANSIENT_TYPES.stream().anyMatch(message::startsWith)) {
            return SqlErrors.Kind.TRANSIENT;
        }
        return null;
    }

    /** Whether the error is another process's lock on the database file. */
    static boolean isLockConflict(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains(LOCK_CONFLICT)) {
                return true;
            }
        }
        return false;
    }
}
