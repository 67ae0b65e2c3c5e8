package io.jdlt.destination.sql;

/** Where the tables a package touches live: the dataset's tables and this connection's staging copies. */
public interface TableNames {

    /** The qualified name of a dataset table, e.g. {@code "raw"."users"}. */
    String destination(String table);

    /** The qualified name of the package's staging copy of a table (a temporary table of this connection). */
    String staging(String table);

    /**
     * Statements that give the query planner statistics of a temporary table the package just filled: PostgreSQL's
     * autovacuum never analyzes temporary tables, and without statistics it plans the merge's joins for a handful of
     * rows. None where the database keeps its own (DuckDB).
     */
    default java.util.List<String> analyze(String table) {
        return java.util.List.of();
    }

    /**
     * An {@code ORDER BY} clause (with its leading space) to end a {@code SELECT} that feeds an insert into the table,
     * or empty: PostgreSQL inserts rows in the order of its unique index at a fraction of the cost of random order.
     */
    default String insertOrder(io.jdlt.schema.Table table) {
        return "";
    }
}
