package io.jdlt.destination;

import java.util.Locale;

/**
 * How {@code replace} writes a table chain (dlt's {@code replace_strategy}). In jdlt both are atomic: the old rows
 * are removed in the same transaction that writes the new ones, so a failed load keeps them.
 */
public enum ReplaceStrategy {
    /** Empty the chain's tables, then load the files straight into them (dlt's default). */
    TRUNCATE_AND_INSERT,
    /** Load the files into staging copies, then empty the tables and copy the staged rows over. */
    INSERT_FROM_STAGING;

    public String dltName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ReplaceStrategy fromDltName(String name) {
        for (ReplaceStrategy strategy : values()) {
            if (strategy.dltName().equalsIgnoreCase(name.strip())) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("unknown replace strategy '" + name
                + "'; use truncate-and-insert or insert-from-staging");
    }
}
