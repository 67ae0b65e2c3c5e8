package io.jdlt.storage;

import java.util.Locale;

/** Where a load package is in its life: dlt's package statuses. */
public enum PackageStatus {
    EXTRACTED, NORMALIZED, LOADED, ABORTED;

    public String dltName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
