package io.jdlt.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import io.jdlt.LoadInfo;
import io.jdlt.Pipeline;
import io.jdlt.destination.duckdb.DuckDbDestination;
import io.jdlt.extract.Resource;
import io.jdlt.schema.WriteDisposition;
import io.jdlt.spring.autoconfigure.JdltPipelines;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo job: one page of GitHub events (a copy of real API data, so the demo runs offline) becomes the
 * {@code github_events} table and its nested tables in {@code github_events.duckdb}.
 */
@Component
class GithubEventsLoader implements ApplicationRunner {

    private final ObjectMapper objectMapper = JsonMapper.builder().build();
    private final JdltPipelines pipelines;
    private final Path databaseFile;

    GithubEventsLoader(JdltPipelines pipelines,
            @Value("${sample.database-file:github_events.duckdb}") Path databaseFile) {
        this.pipelines = pipelines;
        this.databaseFile = databaseFile;
    }

    @Override
    public void run(ApplicationArguments args) {
        Pipeline pipeline = pipelines.builder("github_events")
                .destination(DuckDbDestination.at(databaseFile))
                .datasetName("github_data")
                .build();
        Resource events = Resource.of("github_events", this::readDemoEvents)
                .writeDisposition(WriteDisposition.REPLACE);
        LoadInfo info = pipeline.run(events);
        System.out.println(info);
        info.raiseOnFailedJobs();
    }

    /** The page as the GitHub API returns it: a JSON array, which jdlt treats as a page of items. */
    private JsonNode readDemoEvents() {
        try (InputStream in = new ClassPathResource("demo/github_events_page.json").getInputStream()) {
            return objectMapper.readTree(in);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("cannot read the bundled demo events", ex);
        }
    }
}
