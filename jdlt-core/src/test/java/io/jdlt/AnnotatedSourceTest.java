package io.jdlt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.jdlt.extract.Emitter;
import io.jdlt.extract.Incremental;
import io.jdlt.extract.IncrementalCursor;
import io.jdlt.extract.JdltResource;
import io.jdlt.extract.JdltSource;
import io.jdlt.extract.ResourceContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources written as annotated classes, with the incremental cursor as a method parameter. */
class AnnotatedSourceTest {

    @TempDir
    Path dir;

    @JdltSource("github")
    static final class GithubSource {
        final List<Object> lastValues = new ArrayList<>();
        List<Map<String, Object>> pulls = List.of(Map.of("id", 1, "updated_at", "2024-01-02T00:00:00Z"),
                Map.of("id", 2, "updated_at", "2024-01-03T00:00:00Z"));

        @JdltResource(primaryKey = "id", writeDisposition = "merge")
        Stream<List<Map<String, Object>>> pullRequests(
                @IncrementalCursor(value = "updated_at", initialValue = "2024-01-01T00:00:00Z") Incremental<String> updatedAt) {
            lastValues.add(updatedAt.lastValue());
            return Stream.of(pulls);
        }

        @JdltResource(tableName = "Repo Stars", writeDisposition = "replace")
        void stars(ResourceContext ctx, Emitter out) {
            out.emit(Map.of("repo", "jdlt", "stars", 42, "resource", ctx.resourceName()));
        }
    }

    @Test
    void annotatedMethodsBecomeResourcesWithTheirHintsAndCursor() {
        GithubSource github = new GithubSource();
        Pipeline pipeline = TestSupport.duckDbPipeline(dir, "annotated");
        pipeline.run(Jdlt.source(github));
        github.pulls = List.of(Map.of("id", 2, "updated_at", "2024-01-04T00:00:00Z"),
                Map.of("id", 1, "updated_at", "2024-01-01T00:00:00Z"));
        pipeline.run(Jdlt.source(github));

        assertThat(github.lastValues).containsExactly("2024-01-01T00:00:00Z", "2024-01-03T00:00:00Z");
        assertThat(TestSupport.query(pipeline, "SELECT id, CAST(updated_at AS VARCHAR) AS updated FROM raw.pull_requests "
                + "ORDER BY id")).containsExactly(Map.of("id", 1L, "updated", "2024-01-02 00:00:00+00"),
                        Map.of("id", 2L, "updated", "2024-01-04 00:00:00+00"));
        assertThat(TestSupport.query(pipeline, "SELECT repo, stars, resource FROM raw.repo_stars"))
                .containsExactly(Map.of("repo", "jdlt", "stars", 42L, "resource", "stars"));
    }

    @JdltSource
    static final class Broken {
        @JdltResource
        List<Object> items(String unsupported) {
            return List.of();
        }
    }

    @Test
    void unsupportedParametersAreNamed() {
        assertThatThrownBy(() -> Jdlt.source(new Broken())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resource 'items'").hasMessageContaining("cannot be supplied");
        assertThatThrownBy(() -> Jdlt.source(new Object())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("@JdltSource");
    }
}
