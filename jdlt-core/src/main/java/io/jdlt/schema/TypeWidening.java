package io.jdlt.schema;

import java.util.Locale;

/**
 * A column type change jdlt may make when a value does not fit its column: an explicit schema setting, applied with
 * an {@code ALTER} in the destination. Without it, such values go to variant columns, as in dlt (dlt#3916).
 */
public enum TypeWidening {
    /** A bigint column that receives a floating-point number becomes double. */
    BIGINT_TO_DOUBLE(DataType.BIGINT, DataType.DOUBLE),
    /** A bigint column that receives a decimal becomes decimal. */
    BIGINT_TO_DECIMAL(DataType.BIGINT, DataType.DECIMAL),
    /** A date column that receives a timestamp becomes timestamp. */
    DATE_TO_TIMESTAMP(DataType.DATE, DataType.TIMESTAMP);

    private final DataType from;
    private final DataType to;

    TypeWidening(DataType from, DataType to) {
        this.from = from;
        this.to = to;
    }

    public DataType from() {
        return from;
    }

    public DataType to() {
        return to;
    }

    /** The setting's name in schema documents: {@code bigint->double}. */
    public String dltName() {
        return from.dltName() + "->" + to.dltName();
    }

    public static TypeWidening fromDltName(String name) {
        for (TypeWidening widening : values()) {
            if (widening.dltName().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return widening;
            }
        }
        throw new IllegalArgumentException("unknown type widening '" + name + "'; known: bigint->double, "
                + "bigint->decimal, date->timestamp");
    }

    /** Whether any widening turns {@code from} into {@code to}. */
    public static boolean exists(DataType from, DataType to) {
        for (TypeWidening widening : values()) {
            if (widening.from == from && widening.to == to) {
                return true;
            }
        }
        return false;
    }
}
