package io.jdlt.destination.sql;

/** Where the tables a package touches live: the dataset's tables and this connection's staging copies. */
public interface TableNames {

    /** The qualified name of a dataset table, e.g. {@code "raw"."users"}. */
    String destination(String table);

    /** The qualified name of the package's staging copy of a table (a temporary table of this connection). */
    String staging(String table);
}
