package io.jdlt.schema;

import java.util.Locale;

/** dlt's data types (reference §3.1); the lower-case name is the one stored in schema documents. */
public enum DataType {
    TEXT, DOUBLE, BOOL, TIMESTAMP, BIGINT, BINARY, JSON, DECIMAL, WEI, DATE, TIME;

    /** The name dlt uses: {@code text}, {@code bigint}, … */
    public String dltName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a dlt type name; {@code complex} is dlt's deprecated alias of {@code json}. */
    public static DataType fromDltName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("complex")) {
            return JSON;
        }
        for (DataType type : values()) {
            if (type.dltName().equals(lower)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown data type '" + name + "'; known types are text, double, bool, "
                + "timestamp, bigint, binary, json, decimal, wei, date and time");
    }

    @Override
    public String toString() {
        return dltName();
    }
}
