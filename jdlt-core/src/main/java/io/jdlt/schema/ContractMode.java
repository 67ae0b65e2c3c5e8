package io.jdlt.schema;

import java.util.Locale;

/** What a schema contract does with a change to the schema (dlt's contract modes). */
public enum ContractMode {
    /** Accept the change: new tables, columns and variant columns are created. */
    EVOLVE,
    /** Refuse it: the run fails, naming the table, column, types and contract. */
    FREEZE,
    /** Drop the row that brings the change (and its nested rows). */
    DISCARD_ROW,
    /** Drop the value that brings the change and keep the row (for tables: like {@link #DISCARD_ROW}). */
    DISCARD_VALUE;

    public String dltName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ContractMode fromDltName(String name) {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
    }
}
