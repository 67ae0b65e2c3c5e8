package io.jdlt.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Timestamps are written exactly as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} writes them. */
class TypedJsonTimestampTest {

    @Test
    void writesWhatTheIsoFormatterWrites() {
        List<OffsetDateTime> timestamps = new ArrayList<>(List.of(
                OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 120_000_000, ZoneOffset.UTC),
                OffsetDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_999, ZoneOffset.UTC),
                OffsetDateTime.of(2024, 1, 1, 0, 0, 5, 123_456_000, ZoneOffset.UTC),
                OffsetDateTime.of(2024, 1, 1, 0, 0, 5, 1, ZoneOffset.UTC),
                OffsetDateTime.of(0, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 100, ZoneOffset.UTC),
                OffsetDateTime.of(10_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(-1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2024, 1, 1, 10, 0, 0, 0, ZoneOffset.ofHoursMinutes(2, 0)),
                OffsetDateTime.of(2024, 1, 1, 10, 0, 0, 0, ZoneOffset.ofHoursMinutesSeconds(-1, -2, -3))));
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            int[] nanos = {0, random.nextInt(1000) * 1_000_000, random.nextInt(1_000_000) * 1000,
                    random.nextInt(1_000_000_000)};
            timestamps.add(OffsetDateTime.of(random.nextInt(1, 10_000), random.nextInt(1, 13), random.nextInt(1, 29),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60), nanos[random.nextInt(nanos.length)],
                    ZoneOffset.UTC));
        }
        for (OffsetDateTime timestamp : timestamps) {
            assertThat(TypedJson.formatTimestamp(timestamp)).as(timestamp.toString())
                    .isEqualTo(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(timestamp));
        }
    }
}
