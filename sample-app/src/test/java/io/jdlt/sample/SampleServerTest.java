package io.jdlt.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.jdlt.spring.ManagedPipelines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample application as a server: runs started through Actuator, then read back from {@code /actuator/jdlt},
 * {@code /actuator/health} and {@code /actuator/prometheus}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sample.run-once=false", "jdlt.actuator-run-enabled=true", "jdlt.actuator-packages-enabled=true",
                "jdlt.scheduling-enabled=false"})
class SampleServerTest {

    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void files(DynamicPropertyRegistry registry) {
        registry.add("sample.database-file", () -> dir.resolve("server.duckdb").toString());
        registry.add("jdlt.pipelines-dir", () -> dir.resolve("pipelines").toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    ManagedPipelines pipelines;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Object> getJson(String path) throws Exception {
        HttpResponse<String> response = send("GET", path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return json.readValue(response.body(), new TypeReference<Map<String, Object>>() {
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void loadPackagesAreRetriedAndDroppedOverHttp() throws Exception {
        io.jdlt.Pipeline pipeline = pipelines.get("github_issues").pipeline();
        pipeline.extract(io.jdlt.extract.Resource.of("notes", List.of(Map.of("id", 1))));
        String loadId = pipeline.pendingPackages().get(0).loadId();
        assertThat(send("POST", "/actuator/jdlt/github_issues/1.5").statusCode()).isEqualTo(404);

        HttpResponse<String> dropped = send("DELETE", "/actuator/jdlt/github_issues/" + loadId);
        assertThat(dropped.statusCode()).isEqualTo(200);
        assertThat(dropped.body()).contains(loadId, "\"status\":\"aborted\"", "dropped by an operator");
        List<Map<String, Object>> aborted = (List<Map<String, Object>>) getJson("/actuator/jdlt/github_issues")
                .get("abortedPackages");
        assertThat(aborted).extracting(p -> p.get("loadId")).containsExactly(loadId);

        // an aborted package is deleted by a second DELETE; a third finds nothing
        assertThat(send("DELETE", "/actuator/jdlt/github_issues/" + loadId).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/actuator/jdlt/github_issues/" + loadId).statusCode()).isEqualTo(404);
        assertThat(pipeline.abortedPackages()).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void runsFromActuatorShowInTheEndpointHealthAndMetrics() throws Exception {
        assertThat(pipelines.names()).containsExactly("github_events", "github_issues");
        for (String pipeline : List.of("github_events", "github_issues")) {
            assertThat(send("POST", "/actuator/jdlt/" + pipeline).statusCode()).isEqualTo(202);
        }
        Instant deadline = Instant.now().plusSeconds(60);
        while (pipelines.all().stream().anyMatch(p -> p.lastRun().isEmpty()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }

        Map<String, Object> all = (Map<String, Object>) getJson("/actuator/jdlt").get("pipelines");
        Map<String, Object> events = (Map<String, Object>) all.get("github_events");
        assertThat(events).containsEntry("source", "github_events").containsEntry("destination", "duckdb")
                .containsEntry("dataset", "github_data").containsEntry("schedule", "0 0/15 * * * *");
        Map<String, Object> lastRun = (Map<String, Object>) events.get("lastRun");
        assertThat(lastRun).containsEntry("outcome", "succeeded").containsEntry("trigger", "actuator");
        assertThat((Map<String, Object>) lastRun.get("rowCounts")).containsEntry("github_events", 100);
        Map<String, Object> issues = (Map<String, Object>) ((Map<String, Object>) all.get("github_issues")).get("lastRun");
        assertThat((Map<String, Object>) issues.get("rowCounts")).containsEntry("issues", 100);

        Map<String, Object> detail = getJson("/actuator/jdlt/github_events");
        System.out.println("GET /actuator/jdlt/github_events\n" + json.writerWithDefaultPrettyPrinter()
                .writeValueAsString(detail));
        assertThat((List<Map<String, Object>>) detail.get("schemas")).singleElement()
                .satisfies(schema -> assertThat(schema).containsEntry("name", "github_events"));
        assertThat((List<Map<String, Object>>) detail.get("loadPackages")).isNotEmpty()
                .allSatisfy(p -> assertThat(p).containsEntry("status", "loaded"));

        Map<String, Object> health = getJson("/actuator/health");
        Map<String, Object> jdlt = (Map<String, Object>) ((Map<String, Object>) health.get("components")).get("jdlt");
        assertThat(jdlt).containsEntry("status", "UP");
        assertThat(((Map<String, Object>) jdlt.get("details")).keySet()).containsExactly("github_events",
                "github_issues");

        String prometheus = send("GET", "/actuator/prometheus").body();
        assertThat(prometheus).contains("jdlt_rows_total{pipeline=\"github_events\",table=\"github_events\"} 100.0")
                .contains("jdlt_rows_total{pipeline=\"github_issues\",table=\"issues\"} 100.0")
                .contains("jdlt_pipeline_run_seconds_count{destination=\"duckdb\",error=\"none\","
                        + "pipeline=\"github_events\",status=\"success\"} 1")
                .contains("jdlt_pipeline_stage_seconds_count{destination=\"duckdb\",error=\"none\","
                        + "pipeline=\"github_issues\",stage=\"load\",status=\"success\"} 1")
                .contains("jdlt_packages_pending_packages{pipeline=\"github_issues\"} 0.0")
                .contains("jdlt_last_success_age_seconds{pipeline=\"github_events\"}");
        // every metric the documented Grafana dashboard queries is exported (tests run in sample-app/target)
        String dashboard = java.nio.file.Files.readString(Path.of("../../docs/grafana/jdlt-dashboard.json"));
        java.util.regex.Matcher metric = java.util.regex.Pattern.compile("jdlt_[a-z_]+").matcher(dashboard);
        List<String> queried = new java.util.ArrayList<>();
        while (metric.find()) {
            queried.add(metric.group());
        }
        assertThat(queried).hasSizeGreaterThan(6).allSatisfy(name -> assertThat(prometheus).contains(name + "{"));
    }
}
