package io.jdlt;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jdlt.extract.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Type inference (§3.2), coercion (§3.4), nulls (§3.5) and variant columns (§3.6), checked in DuckDB. */
class TypesAndVariantsTest {

    @TempDir
    Path dir;

    @Test
    void decimalsWithMoreFractionDigitsThanTheirColumnKeepsAreRoundedWithACountedWarning() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "rounded");
        pipeline.extract(Resource.builder("prices").column("amount", io.jdlt.extract.ColumnSpec.of(
                io.jdlt.schema.DataType.DECIMAL).precision(10, 2)).data(List.of(Map.of("amount", new BigDecimal("1.234")),
                        Map.of("amount", new BigDecimal("2.50")), Map.of("amount", new BigDecimal("3.235")))).build());
        io.jdlt.normalize.NormalizeInfo normalized = pipeline.normalize();
        pipeline.load();

        assertThat(TestSupport.query(pipeline, "SELECT amount FROM raw.prices ORDER BY amount"))
                .extracting(row -> row.get("amount"))
                .containsExactly(new BigDecimal("1.23"), new BigDecimal("2.50"), new BigDecimal("3.24"));
        // 2.50 has no digit the column drops: only the other two were changed
        assertThat(normalized.warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.kind()).isEqualTo(io.jdlt.normalize.ValueWarning.Kind.DECIMAL_ROUNDED);
            assertThat(warning.count()).isEqualTo(2);
            assertThat(warning.message()).contains("table 'prices', column 'amount'");
        });
    }

    @Test
    void infersDltTypesFromJavaValues() {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("s", "text");
        row.put("i", 1);
        row.put("f", 1.5);
        row.put("b", true);
        row.put("dt", OffsetDateTime.of(2024, 5, 6, 9, 8, 9, 0, ZoneOffset.ofHours(2)));
        row.put("d", LocalDate.of(2024, 5, 6));
        row.put("t", LocalTime.of(7, 8, 9));
        row.put("dec", new BigDecimal("1.25"));
        row.put("bin", new byte[] {1, 2});
        row.put("iso_ts", "2024-05-06T07:08:09Z");
        row.put("iso_date", "2024-05-06");
        row.put("iso_ts_naive", "2024-05-06T07:08:09");
        row.put("num_str", "123");
        row.put("hex_str", "0x1f");
        row.put("big", 1L << 62);
        row.put("huge", BigInteger.TWO.pow(70));
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "types");
        pipeline.run(List.of(row), "typed");

        assertThat(TestSupport.columnTypes(pipeline, "typed")).containsExactly(
                Map.entry("s", "VARCHAR"), Map.entry("i", "BIGINT"), Map.entry("f", "DOUBLE"),
                Map.entry("b", "BOOLEAN"), Map.entry("dt", "TIMESTAMP WITH TIME ZONE"), Map.entry("d", "DATE"),
                Map.entry("t", "TIME"), Map.entry("dec", "DECIMAL(38,9)"), Map.entry("bin", "BLOB"),
                Map.entry("iso_ts", "TIMESTAMP WITH TIME ZONE"), Map.entry("iso_date", "VARCHAR"),
                Map.entry("iso_ts_naive", "TIMESTAMP WITH TIME ZONE"), Map.entry("num_str", "VARCHAR"),
                Map.entry("hex_str", "VARCHAR"), Map.entry("big", "BIGINT"), Map.entry("huge", "DECIMAL(38,0)"),
                Map.entry("_dlt_load_id", "VARCHAR"), Map.entry("_dlt_id", "VARCHAR"));
        Map<String, Object> loaded = TestSupport.query(pipeline, "SELECT CAST(dt AS VARCHAR) AS dt, CAST(d AS VARCHAR) AS d, "
                + "CAST(t AS VARCHAR) AS t, CAST(dec AS VARCHAR) AS dec, hex(bin) AS bin, CAST(iso_ts_naive AS VARCHAR) AS naive, "
                + "big, CAST(huge AS VARCHAR) AS huge FROM raw.typed").get(0);
        assertThat(loaded).containsEntry("dt", "2024-05-06 07:08:09+00").containsEntry("d", "2024-05-06")
                .containsEntry("t", "07:08:09").containsEntry("dec", "1.250000000").containsEntry("bin", "0102")
                .containsEntry("naive", "2024-05-06 07:08:09+00").containsEntry("big", 1L << 62)
                .containsEntry("huge", "1180591620717411303424");
    }

    @Test
    void valuesThatDoNotFitGoToVariantColumns() {
        List<Map<String, Object>> rows = List.of(
                Map.of("id", 1, "v", 1, "ts", "2024-01-01T00:00:00Z"),
                Map.of("id", 2, "v", "2", "ts", "2024-02-01T00:00:00+02:00"),
                Map.of("id", 3, "v", "abc", "ts", "not a date"),
                Map.of("id", 4, "v", 1.5, "ts", 1700000000),
                Map.of("id", 5, "v", true));
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "variants");
        pipeline.run(rows, "drift");

        assertThat(TestSupport.columnTypes(pipeline, "drift")).containsEntry("v", "BIGINT")
                .containsEntry("ts", "TIMESTAMP WITH TIME ZONE").containsEntry("v__v_text", "VARCHAR")
                .containsEntry("ts__v_text", "VARCHAR").containsEntry("v__v_double", "DOUBLE")
                .containsEntry("v__v_bool", "BOOLEAN");
        List<Map<String, Object>> loaded = TestSupport.query(pipeline, "SELECT id, v, v__v_text, v__v_double, v__v_bool, "
                + "CAST(ts AS VARCHAR) AS ts, ts__v_text FROM raw.drift ORDER BY id");
        assertThat(loaded.get(1)).containsEntry("v", 2L).containsEntry("ts", "2024-01-31 22:00:00+00");
        assertThat(loaded.get(2)).containsEntry("v", null).containsEntry("v__v_text", "abc")
                .containsEntry("ts", null).containsEntry("ts__v_text", "not a date");
        assertThat(loaded.get(3)).containsEntry("v__v_double", 1.5).containsEntry("ts", "2023-11-14 22:13:20+00");
        assertThat(loaded.get(4)).containsEntry("v__v_bool", true).containsEntry("ts", null);
    }

    @Test
    void textColumnsTakeOtherValuesAsDltWritesThem() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "text_fallback");
        pipeline.run(List.of(Map.of("k", 1, "t", "x"), Map.of("k", 2, "t", true), Map.of("k", 3, "t", 1.25),
                Map.of("k", 4, "t", 1e20)), "texts");
        assertThat(TestSupport.query(pipeline, "SELECT t FROM raw.texts ORDER BY k"))
                .extracting(r -> r.get("t")).containsExactly("x", "True", "1.25", "1e+20");
    }

    @Test
    void nullsNeverCreateColumnsUntilAValueArrives() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "nulls");
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("id", 1);
        first.put("maybe", null);
        pipeline.run(List.of(first), "sparse");
        assertThat(TestSupport.columnTypes(pipeline, "sparse")).doesNotContainKey("maybe");

        pipeline.run(List.of(Map.of("id", 2, "maybe", "now")), "sparse");
        assertThat(TestSupport.columnTypes(pipeline, "sparse")).containsEntry("maybe", "VARCHAR");
        assertThat(TestSupport.query(pipeline, "SELECT id, maybe FROM raw.sparse ORDER BY id"))
                .extracting(r -> r.get("maybe")).containsExactly(null, "now");
    }

    @Test
    void coercionsFollowDltsTable() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "coercions");
        List<Map<String, Object>> rows = List.of(
                Map.of("k", 1, "ts", "2024-01-01T00:00:00Z", "bin", new byte[] {9}, "flag", true, "t", "text"),
                // epoch milliseconds are not epoch seconds: the year would be 55840, so a variant column takes them
                Map.of("k", 2, "ts", 1700000000000L, "bin", 128, "flag", "yes", "t", OffsetDateTime.of(2024, 1, 31, 22, 0,
                        0, 0, ZoneOffset.UTC)),
                Map.of("k", 3, "bin", 0, "flag", "on", "t", OffsetDateTime.of(2024, 1, 31, 22, 0, 0, 123000, ZoneOffset.UTC)),
                Map.of("k", 4, "bin", -1));
        pipeline.run(rows, "coerced");
        List<Map<String, Object>> loaded = TestSupport.query(pipeline, "SELECT k, ts__v_bigint, hex(bin) AS bin, "
                + "bin__v_bigint, flag, flag__v_text, t FROM raw.coerced ORDER BY k");
        assertThat(loaded.get(1)).containsEntry("ts__v_bigint", 1700000000000L).containsEntry("bin", "80")
                .containsEntry("flag", true).containsEntry("t", "2024-01-31T22:00:00+00:00");
        // 0 is b'' in dlt; "on" is not one of str2bool's words
        assertThat(loaded.get(2)).containsEntry("bin", "").containsEntry("flag", null).containsEntry("flag__v_text", "on")
                .containsEntry("t", "2024-01-31T22:00:00.000123+00:00");
        // negative numbers have no bytes in dlt
        assertThat(loaded.get(3)).containsEntry("bin", null).containsEntry("bin__v_bigint", -1L);
    }

    @Test
    void integersBeyondDecimal38LoadAsText() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "wide_integers");
        pipeline.run(List.of(Map.of("a", BigInteger.TEN.pow(37), "b", BigInteger.TWO.pow(127))), "ints");
        assertThat(TestSupport.columnTypes(pipeline, "ints")).containsEntry("a", "DECIMAL(38,0)")
                .containsEntry("b", "VARCHAR");
        assertThat(TestSupport.query(pipeline, "SELECT b FROM raw.ints"))
                .containsExactly(Map.of("b", BigInteger.TWO.pow(127).toString()));
    }

    @Test
    void datesAndTimestampsOutsideTheLoadableYearsFailTheExtractNamingTheField() {
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "far_times");
        Map<String, Object> beyond = new LinkedHashMap<>();
        beyond.put("id", 1);
        beyond.put("meta", Map.of("seen_at", java.time.Instant.MAX));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pipeline.run(Resource.of("events", List.of(beyond))))
                .hasMessageContaining("events").hasMessageContaining("$.meta.seen_at")
                .hasMessageContaining("years 1 to 9999");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pipeline.run(Resource.of("days",
                List.of(Map.of("id", 1, "day", LocalDate.of(10000, 1, 1))))))
                .hasMessageContaining("days").hasMessageContaining("$.day").hasMessageContaining("+10000-01-01");
        // year 9999 in UTC is the last loadable one, on every destination
        pipeline.run(Resource.of("days", List.of(Map.of("id", 2, "at", OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 0,
                ZoneOffset.UTC)))));
        assertThat(TestSupport.query(pipeline, "SELECT id FROM raw.days")).containsExactly(Map.of("id", 2L));
        assertThat(TestSupport.columnTypes(pipeline, "events")).isEmpty();
    }
}
