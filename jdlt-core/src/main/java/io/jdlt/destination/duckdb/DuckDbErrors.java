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

    // The prefixes are DuckDB's ExceptionTypeToString names followed by " Error" (src/common/exception.cpp).
    // The data, or the file read, is what the database refuses: the job that holds it fails the same way each time.
    private static final List<String> DATA_TYPES = List.of("Conversion Error", "Invalid Input Error",
            "Constraint Error", "Out of Range Error", "Mismatch Type Error",
            // a division by a zero value in the data
            "Divide by Zero Error",
            // a value whose type an operation cannot take (InvalidTypeException)
            "Invalid type Error",
            // a decimal value that does not fit its width and scale
            "Decimal Error",
            // a value larger than DuckDB can hold (a string or list beyond its maximum size)
            "Object Size Error",
            // a sequence the rows ran out: more rows give the same error
            "Sequence Error");
    // The statement, the schema or the configuration is wrong, or DuckDB cannot do it: the same package fails the
    // same way.
    private static final List<String> TERMINAL_TYPES = List.of("Binder Error", "Catalog Error", "Parser Error",
            "Syntax Error", "Not implemented Error", "Permission Error", "Dependency Error", "Serialization Error",
            "INTERNAL Error", "Invalid Configuration Error",
            // a type name DuckDB does not know is in the statement, not in a value
            "Unknown Type Error",
            // the statement cannot be bound, planned or optimized: it is the same statement next time
            "Expression Error", "Planner Error", "Optimizer Error",
            "Parameter Not Resolved Error", "Parameter Not Allowed Error",
            // an extension or a setting the configuration must provide
            "Missing Extension Error", "Settings Error",
            // an index or statistics DuckDB cannot maintain for this table, and a bug in DuckDB
            "Index Error", "Stat Error", "NullPointer Error");
    // The machine, the network or a concurrent transaction: the next run may get through.
    private static final List<String> TRANSIENT_TYPES = List.of("IO Error", "Out of Memory Error",
            "TransactionContext Error", "Transaction Error", "FATAL Error", "HTTP Error",
            // a cancelled statement (Statement.cancel, a shutdown): nothing is wrong with the input
            "INTERRUPT Error",
            // a connection that was closed or invalidated under the statement; a new one may work
            "Connection Error",
            // the scheduler or the executor could not run the tasks (threads, a query invalidated by another)
            "Scheduler Error", "Executor Error");
    // Installing an extension DuckDB autoloads: only a failed download may pass by itself
    private static final String AUTOLOAD_TYPE = "Extension Autoloading Error";
    private static final String FAILED_DOWNLOAD = "Failed to download extension";
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
        if (message.startsWith(AUTOLOAD_TYPE)) {
            return message.contains(FAILED_DOWNLOAD) ? SqlErrors.Kind.TRANSIENT : SqlErrors.Kind.TERMINAL;
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
