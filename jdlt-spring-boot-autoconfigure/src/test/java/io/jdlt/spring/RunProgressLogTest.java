package io.jdlt.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import io.jdlt.common.PipelineStage;
import io.jdlt.common.RunProgress;
import org.junit.jupiter.api.Test;

/** How a run in flight reads in the log. */
class RunProgressLogTest {

    @Test
    void progressReadsAsALogLine() {
        RunProgress.Snapshot progress = new RunProgress.Snapshot(PipelineStage.NORMALIZE,
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:10Z"), 120_000, 240_000, 0);

        assertThat(RunProgressLog.describe("github", progress, Instant.parse("2026-01-01T00:00:22Z")))
                .isEqualTo("Pipeline github: normalize for 12.0 s: 240,000 rows normalized (20,000/s)");
        assertThat(RunProgressLog.describe("github", new RunProgress.Snapshot(null, null, null, 0, 0, 0),
                Instant.now())).isEqualTo("Pipeline github: between stages");
    }
}
