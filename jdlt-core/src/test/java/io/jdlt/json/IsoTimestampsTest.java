package io.jdlt.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import io.jdlt.json.IsoTimestamps;

/** dlt's ISO-like timestamps: the common extended form and every other form read to the same instant, in UTC. */
class IsoTimestampsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "none", value = {
        "2024-01-01T00:00:00Z                    | 2024-01-01T00:00Z",
        "2024-05-06T07:08:09.123+02:00           | 2024-05-06T05:08:09.123Z",
        "2024-05-06 07:08:09,5                   | 2024-05-06T07:08:09.500Z",
        "2024-05-06T07:08:09.123456789-01:30     | 2024-05-06T08:38:09.123456789Z",
        "2024-05-06t07:08:09Z                    | none",
        "2024-05-06T07:08:09z                    | 2024-05-06T07:08:09Z",
        "2024-05-06T07:08:09+0200                | 2024-05-06T05:08:09Z",
        "2024-05-06T07:08:09+02                  | 2024-05-06T05:08:09Z",
        "20240506T070809Z                        | 2024-05-06T07:08:09Z",
        "2024-05-06T07:08Z                       | 2024-05-06T07:08Z",
        "2024-05-06T07Z                          | 2024-05-06T07:00Z",
        "2024-02-30T00:00:00Z                    | none",
        "2024-05-06T24:00:00Z                    | none",
        "2024-05-06T07:08:60Z                    | none",
        "2024-05-06T07:08:09+25:00               | none",
        "2024-05-06T07:08:09.1234567890Z         | none",
        "2024-05-06T07:08:09.Z                   | none",
        "2024-05-06T07:08:09Zx                   | none",
        "2024-05-06                              | none",
        "x2024-05-06T07:08:09Z                   | none",
        "2024-05-06T07:08:09 +02:00              | none",
    })
    void readsTheInstantInUtc(String text, String expected) {
        OffsetDateTime parsed = IsoTimestamps.parseTimestamp(text);

        if (expected == null) {
            assertThat(parsed).isNull();
        }
        else {
            assertThat(parsed).isEqualTo(OffsetDateTime.parse(expected));
        }
    }
}
