package io.jdlt.schema;

import java.util.Locale;

/** How rows of a root table are written: dlt's {@code write_disposition}. */
public enum WriteDisposition {
    /** Add the rows to what is there. */
    APPEND,
    /** Replace all rows of the table and its nested tables with this load's rows. */
    REPLACE,
    /** Tables jdlt manages itself (the {@code _dlt_version} and {@code _dlt_loads} tables). */
    SKIP;

    public String dltName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code append}, {@code replace} or {@code skip}, ignoring case. */
    public static WriteDisposition fromDltName(String name) {
        for (WriteDisposition disposition : values()) {
            if (disposition.dltName().equalsIgnoreCase(name.strip())) {
                return disposition;
            }
        }
        throw new IllegalArgumentException("unknown write disposition '" + name
                + "'; use append or replace");
    }
}
