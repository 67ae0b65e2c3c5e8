package io.jdlt.schema;

/** How {@code merge} writes rows (dlt's {@code x-merge-strategy}); {@link #DELETE_INSERT} is the default. */
public enum MergeStrategy {
    /** Replace every destination row (and its nested rows) whose primary or merge key is in the load. */
    DELETE_INSERT("delete-insert"),
    /** Update rows by primary key, insert new ones, delete rows marked by the hard-delete column. */
    UPSERT("upsert"),
    /** Insert rows whose primary key is not there yet; never update or delete. */
    INSERT_ONLY("insert-only"),
    /** Slowly changing dimension type 2: keep every version of a row with a validity window. */
    SCD2("scd2");

    private final String dltName;

    MergeStrategy(String dltName) {
        this.dltName = dltName;
    }

    public String dltName() {
        return dltName;
    }

    public static MergeStrategy fromDltName(String name) {
        for (MergeStrategy strategy : values()) {
            if (strategy.dltName.equalsIgnoreCase(name.strip())) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("unknown merge strategy '" + name
                + "'; use delete-insert, upsert, insert-only or scd2");
    }
}
