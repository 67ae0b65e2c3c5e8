package io.jdlt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQL-looking text, CJK, Devanagari, control characters and quotes are stored byte for byte. */
class WeirdRowsTest {

    @TempDir
    Path dir;

    @Test
    void storesAwkwardStringsExactly() {
        List<Map<String, Object>> rows = TestSupport.resourceRows("weird_rows.json");
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "weird");
        pipeline.run(rows, "weird_rows");

        List<Map<String, Object>> loaded = TestSupport.query(pipeline, "SELECT idx, str FROM raw.weird_rows ORDER BY idx");
        assertThat(loaded).hasSize(5);
        for (int i = 0; i < rows.size(); i++) {
            String expected = (String) rows.get(i).get("str");
            String actual = (String) loaded.get(i).get("str");
            assertThat(actual).isEqualTo(expected);
            assertThat(actual.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(expected.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        // the injection attempt is data, not SQL: the dataset is still there
        assertThat(TestSupport.count(pipeline, "_dlt_loads")).isEqualTo(1);
    }
}
