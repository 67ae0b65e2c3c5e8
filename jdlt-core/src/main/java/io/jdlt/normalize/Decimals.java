package io.jdlt.normalize;

import java.math.BigDecimal;
import java.math.RoundingMode;

import io.jdlt.schema.Column;

/**
 * Whether a decimal fits its column: {@code decimal(p, s)} holds at most {@code p - s} digits before the point once
 * the value is rounded to {@code s} digits after it, as DuckDB, PostgreSQL and Parquet round it. A column without a
 * precision is {@code decimal(38, 9)} on every destination.
 */
final class Decimals {

    static final int DEFAULT_PRECISION = 38;
    static final int DEFAULT_SCALE = 9;

    private Decimals() {
    }

    static boolean fits(BigDecimal value, Column column) {
        return fits(value, column.precision() == null ? DEFAULT_PRECISION : column.precision(), scale(column));
    }

    /** Whether the column keeps fewer digits after the point than the value has: the destination rounds it. */
    static boolean isRounded(BigDecimal value, Column column) {
        int scale = scale(column);
        return value.scale() > scale && value.stripTrailingZeros().scale() > scale;
    }

    /** The digits after the point a column keeps: its scale, none without one, the default's without a precision. */
    private static int scale(Column column) {
        return column.precision() == null ? DEFAULT_SCALE : column.scale() == null ? 0 : column.scale();
    }

    static boolean fitsDefault(BigDecimal value) {
        return fits(value, DEFAULT_PRECISION, DEFAULT_SCALE);
    }

    private static boolean fits(BigDecimal value, int precision, int scale) {
        int integerDigits = value.precision() - value.scale();
        if (integerDigits < precision - scale) {
            // one digit short of the limit: rounding the fraction cannot carry into a digit too many
            return true;
        }
        BigDecimal rounded = value.setScale(scale, RoundingMode.HALF_EVEN);
        return rounded.precision() - rounded.scale() <= precision - scale || rounded.signum() == 0;
    }

    static String describe(Column column) {
        return "decimal(" + (column.precision() == null ? DEFAULT_PRECISION : column.precision()) + "," + scale(column)
                + ")";
    }
}
