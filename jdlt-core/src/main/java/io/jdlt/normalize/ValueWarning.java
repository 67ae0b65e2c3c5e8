package io.jdlt.normalize;

import java.util.List;
import java.util.Locale;

/**
 * Values of one column that normalize changed in one load package, and how: logged once at WARN and listed in
 * {@link NormalizeInfo#warnings()}.
 *
 * @param loadId the load package
 * @param kind what was changed
 * @param table the normalized table
 * @param column the normalized column (for a collision, the one column the keys share)
 * @param count how many values (for a collision, how many rows)
 * @param sourceKeys for a collision, the item keys that normalize to the column; empty otherwise
 */
public record ValueWarning(String loadId, Kind kind, String table, String column, long count,
        List<String> sourceKeys) {

    /** What normalize did to the values. */
    public enum Kind {
        /** NaN or an infinity for a column whose type cannot hold it (all but double): stored as NULL. */
        NON_FINITE_AS_NULL,
        /** Text (a value, a key or a column name) with lone UTF-16 surrogates: each replaced by U+FFFD. */
        LONE_SURROGATE_REPLACED,
        /** Keys of one item that normalize to the same column: the value of the last key is kept. */
        KEY_COLLISION,
        /** Decimals with more digits after the point than their column keeps: rounded (half even) to its scale. */
        DECIMAL_ROUNDED
    }

    public String message() {
        String where = "table '" + table + "', column '" + column + "'";
        return switch (kind) {
            case NON_FINITE_AS_NULL -> String.format(Locale.ROOT, "%s: %d NaN or infinite value(s) stored as NULL, "
                    + "the column's type cannot hold them", where, count);
            case LONE_SURROGATE_REPLACED -> String.format(Locale.ROOT, "%s: %d lone UTF-16 surrogate(s) replaced by "
                    + "U+FFFD", where, count);
            case KEY_COLLISION -> String.format(Locale.ROOT, "%s: the keys %s normalize to the same column in %d "
                    + "row(s); the value of the last key in each item was kept", where, sourceKeys, count);
            case DECIMAL_ROUNDED -> String.format(Locale.ROOT, "%s: %d decimal(s) with more digits after the point "
                    + "than the column keeps, rounded to its scale by the destination", where, count);
        };
    }
}
