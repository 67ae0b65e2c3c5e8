package io.jdlt.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import io.jdlt.extract.JdltResource;
import io.jdlt.extract.JdltSource;
import io.jdlt.extract.JdltTransformer;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * An annotated source as a bean: one page of real GitHub events (bundled, so the demo runs offline) becomes the
 * {@code github_events} table and its nested tables, and a transformer keeps the {@code repos} the events touched.
 * The starter turns it into the pipeline {@code github_events} ({@code jdlt.pipelines.github_events} configures it).
 */
@Component
@JdltSource("github_events")
public class GithubEventsSource {

    private final JsonMapper json = JsonMapper.builder().build();

    /** The page as the GitHub API returns it: a list of events, which jdlt takes as one page of items. */
    @JdltResource(name = "github_events", writeDisposition = "replace")
    List<Map<String, Object>> events() {
        try (InputStream in = new ClassPathResource("demo/github_events_page.json").getInputStream()) {
            return json.readValue(in, new TypeReference<List<Map<String, Object>>>() {
            });
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read the bundled demo events", ex);
        }
    }

    /**
     * dlt's transformer: fed each event, it yields the repository the event happened in; merged on id, so each
     * repository is one row however many events it has.
     */
    @JdltTransformer(dataFrom = "github_events", primaryKey = "id", writeDisposition = "merge")
    Map<String, Object> repos(Map<String, Object> event) {
        Map<?, ?> repo = (Map<?, ?>) event.get("repo");
        return Map.of("id", repo.get("id"), "name", repo.get("name"), "last_event_at", event.get("created_at"));
    }
}
