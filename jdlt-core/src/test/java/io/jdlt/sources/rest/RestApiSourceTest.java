package io.jdlt.sources.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jdlt.Jdlt;
import io.jdlt.Pipeline;
import io.jdlt.TestSupport;
import io.jdlt.destination.duckdb.DuckDbDestination;
import io.jdlt.extract.Source;
import io.jdlt.schema.WriteDisposition;
import io.jdlt.sources.rest.TestApiServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Declarative REST API sources (a parent and a child endpoint) loaded into DuckDB from a real loopback server. */
class RestApiSourceTest {

    @TempDir
    Path dir;

    TestApiServer server;

    /** Five issues, two per page, numbered 101..105, updated one day apart; issue 103 is a pull request. */
    @BeforeEach
    void serveIssues() throws Exception {
        server = new TestApiServer();
        server.handle("/repos/acme/app/issues", seen -> {
            int page = RestClientTest.intParam(seen, "page", 1);
            String since = seen.query().get("since");
            List<Map<String, Object>> issues = new java.util.ArrayList<>();
            for (int n = 101; n <= 105; n++) {
                String updated = "2024-01-0" + (n - 100) + "T00:00:00Z";
                if (since == null || updated.compareTo(since) >= 0) {
                    Map<String, Object> issue = new LinkedHashMap<>();
                    issue.put("id", n * 10);
                    issue.put("number", n);
                    issue.put("title", "issue " + n);
                    issue.put("updated_at", updated);
                    if (n == 103) {
                        issue.put("pull_request", Map.of("url", "https://example.com/pr/103"));
                    }
                    issues.add(issue);
                }
            }
            int pages = Math.max(1, (issues.size() + 1) / 2);
            List<Map<String, Object>> slice = issues.subList(Math.min(issues.size(), (page - 1) * 2),
                    Math.min(issues.size(), page * 2));
            return Reply.json(Map.of("total_pages", pages, "page", page, "issues", slice));
        });
        // comments: two per issue, in two json_link pages; issue 105's comments are gone (404)
        server.handle("/repos/acme/app/issues/", seen -> {
            String[] parts = seen.path().split("/");
            int number = Integer.parseInt(parts[5]);
            if (number == 105) {
                return new Reply(404, Map.of(), Map.of("message", "Not Found"));
            }
            int page = RestClientTest.intParam(seen, "page", 1);
            Map<String, Object> comment = Map.of("id", number * 100 + page, "body", "comment " + page + " on " + number);
            return Reply.json(page == 1
                    ? Map.of("data", List.of(comment), "next", seen.path() + "?page=2")
                    : Map.of("data", List.of(comment)));
        });
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private Pipeline pipeline(String name) {
        return Jdlt.pipeline(name).pipelinesDir(dir.resolve("pipelines"))
                .destination(DuckDbDestination.at(dir.resolve(name + ".duckdb"))).datasetName("raw").build();
    }

    private Source declared() {
        return RestApiSource.builder("acme")
                .baseUrl(server.baseUrl() + "/repos/acme/app")
                .auth(RestAuth.bearer("t0ken"))
                .resource("issues", issues -> issues.path("issues").dataSelector("issues").primaryKey("id")
                        .writeDisposition(WriteDisposition.merge())
                        .incremental("updated_at", "2024-01-01T00:00:00Z", "since")
                        .filter(issue -> !((Map<?, ?>) issue).containsKey("pull_request"))
                        .map(issue -> {
                            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) issue);
                            copy.put("title", copy.get("title").toString().toUpperCase());
                            return copy;
                        }))
                .resource("comments", comments -> comments.path("issues/{issue_number}/comments")
                        .resolve("issue_number", "issues", "number").includeFromParent("id", "number")
                        .primaryKey("id").ignoreStatus(404))
                .build();
    }

    @Test
    void aParentAndAChildEndpointLoadTheExpectedRows() {
        Pipeline pipeline = pipeline("acme");
        pipeline.run(declared());

        assertThat(TestSupport.query(pipeline, "SELECT number, title FROM raw.issues ORDER BY number"))
                .extracting(row -> row.get("number") + " " + row.get("title"))
                .containsExactly("101 ISSUE 101", "102 ISSUE 102", "104 ISSUE 104", "105 ISSUE 105");
        // two comments (two pages each) per issue but 105, whose 404 is ignored; 103 was filtered out before the child
        assertThat(TestSupport.query(pipeline,
                "SELECT _issues_number AS n, count(*) AS c FROM raw.comments GROUP BY 1 ORDER BY 1"))
                .extracting(row -> row.get("n") + ":" + row.get("c")).containsExactly("101:2", "102:2", "104:2");
        assertThat(TestSupport.query(pipeline, "SELECT DISTINCT _issues_id FROM raw.comments ORDER BY 1"))
                .extracting(row -> row.get("_issues_id")).containsExactly(1010L, 1020L, 1040L);
        assertThat(server.requestsTo("/repos/acme/app/issues")).allMatch(seen ->
                "Bearer t0ken".equals(seen.headers().get("authorization")));

        // the second run asks from the last cursor value on
        server.requests.clear();
        pipeline.run(declared());
        assertThat(server.requestsTo("/repos/acme/app/issues").get(0).query()).containsEntry("since", "2024-01-05T00:00:00Z");
        assertThat(TestSupport.count(pipeline, "issues")).isEqualTo(4);
    }

    @Test
    void theSameSourceFromAMapAsApplicationYmlWouldBindIt() {
        Map<String, Object> config = Map.of(
                "client", Map.of("base_url", server.baseUrl() + "/repos/acme/app/",
                        "auth", Map.of("type", "api_key", "name", "key", "api_key", "s3cret", "location", "query"),
                        "paginator", Map.of("type", "page_number", "base_page", 1, "total_path", "total_pages")),
                "resource_defaults", Map.of("primary_key", "id", "write_disposition", "append"),
                "resources", List.of(
                        Map.of("name", "issues", "endpoint", Map.of("path", "issues", "data_selector", "$.issues")),
                        Map.of("name", "comments", "include_from_parent", List.of("number"),
                                "endpoint", Map.of("path", "issues/{resources.issues.number}/comments",
                                        "paginator", "json_link",
                                        "response_actions", List.of(Map.of("status_code", 404, "action", "ignore"))))));
        Pipeline pipeline = pipeline("from_map");
        pipeline.run(RestApiSource.fromConfig("acme", config));

        assertThat(TestSupport.count(pipeline, "issues")).isEqualTo(5);
        assertThat(TestSupport.count(pipeline, "comments")).isEqualTo(8);
        assertThat(server.requestsTo("/repos/acme/app/issues")).allMatch(seen -> "s3cret".equals(seen.query().get("key")));
    }

    @Test
    void wrongDeclarationsFailNamingTheResourceAndKey() {
        assertThatThrownBy(() -> RestApiSource.fromConfig("acme", Map.of("client", Map.of(), "resources", List.of("issues"))))
                .hasMessage("rest_api source 'acme': client.base_url is required");
        assertThatThrownBy(() -> RestApiSource.fromConfig("acme", Map.of("client", Map.of("base_url", "http://x"),
                "resources", List.of(Map.of("name", "comments", "endpoint", Map.of("path", "c",
                        "params", Map.of("id", Map.of("type", "resolve", "resource", "posts", "field", "id"))))))))
                .hasMessage("rest_api source 'acme', resource 'comments': resolves from resource 'posts', which is not declared");
        assertThatThrownBy(() -> RestApiSource.fromConfig("acme", Map.of("client", Map.of("base_url", "http://x",
                "paginator", Map.of("type", "offset")), "resources", List.of("issues"))))
                .hasMessage("rest_api source 'acme': client.paginator: the offset paginator needs a limit");
        assertThatThrownBy(() -> RestApiSource.fromConfig("acme", Map.of("client", Map.of("base_url", "http://x",
                "auth", Map.of("type", "magic")), "resources", List.of("issues"))))
                .hasMessageContaining("auth type 'magic' is not one of bearer, api_key, http_basic, oauth2_client_credentials");

        // a child whose parent items lack the field: the error lists what they have
        Source missingField = RestApiSource.builder("acme").baseUrl(server.baseUrl() + "/repos/acme/app")
                .resource("issues", issues -> issues.path("issues").dataSelector("issues"))
                .resource("comments", comments -> comments.path("issues/{n}/comments").resolve("n", "issues", "num"))
                .build();
        assertThatThrownBy(() -> pipeline("missing").run(missingField))
                .hasMessageContaining("the items of 'issues' have no field 'num'; they have [id, number, title, updated_at]");
    }
}
