package io.jdlt.schema;

import java.util.Locale;

/** Boolean column hints of a dlt schema; the lower-case name is the schema document key. */
public enum ColumnHint {
    PRIMARY_KEY, MERGE_KEY, UNIQUE, ROW_KEY, PARENT_KEY, ROOT_KEY, VARIANT, PARTITION, CLUSTER, SORT, HARD_DELETE;


    public String dltName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ColumnHint fromDltName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
