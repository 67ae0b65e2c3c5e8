package io.jdlt.storage;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * dlt's load ids: the creation time as unix epoch seconds with a fraction ({@code 1795668836.652859}), strictly
 * increasing within the process so that packages sort in the order they were made.
 */
public final class LoadIds {

    private static final AtomicLong LAST_MICROS = new AtomicLong();

    private LoadIds() {
    }

    public static String next() {
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        long unique = LAST_MICROS.updateAndGet(last -> Math.max(last + 1, micros));
        return (unique / 1_000_000L) + "." + String.format(java.util.Locale.ROOT, "%06d", unique % 1_000_000L);
    }
}
