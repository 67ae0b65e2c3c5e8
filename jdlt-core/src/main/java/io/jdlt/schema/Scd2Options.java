package io.jdlt.schema;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/**
 * The options of the {@link MergeStrategy#SCD2 scd2} merge strategy, with dlt's defaults.
 *
 * @param validFromColumn the column holding when a row version became valid ({@code _dlt_valid_from})
 * @param validToColumn the column holding when it stopped being valid ({@code _dlt_valid_to})
 * @param activeRecordTimestamp the {@code valid_to} value of active rows; {@code null} (the default) keeps NULL
 * @param boundaryTimestamp the time retirements and new versions get; {@code null} uses the load package's
 *         creation time
 * @param rowVersionColumn the column that identifies a row version; {@code null} (the default) uses
 *         {@code _dlt_id}, which normalize then sets to a hash of the whole record
 */
public record Scd2Options(String validFromColumn, String validToColumn, @Nullable OffsetDateTime activeRecordTimestamp,
        @Nullable OffsetDateTime boundaryTimestamp, @Nullable String rowVersionColumn) {

    public static final Scd2Options DEFAULTS = new Scd2Options("_dlt_valid_from", "_dlt_valid_to", null, null, null);

    public Scd2Options withValidityColumns(String validFrom, String validTo) {
        return new Scd2Options(validFrom, validTo, activeRecordTimestamp, boundaryTimestamp, rowVersionColumn);
    }

    public Scd2Options withActiveRecordTimestamp(@Nullable OffsetDateTime timestamp) {
        return new Scd2Options(validFromColumn, validToColumn, timestamp, boundaryTimestamp, rowVersionColumn);
    }

    public Scd2Options withBoundaryTimestamp(@Nullable OffsetDateTime timestamp) {
        return new Scd2Options(validFromColumn, validToColumn, activeRecordTimestamp, timestamp, rowVersionColumn);
    }

    public Scd2Options withRowVersionColumn(@Nullable String column) {
        return new Scd2Options(validFromColumn, validToColumn, activeRecordTimestamp, boundaryTimestamp, column);
    }
}
