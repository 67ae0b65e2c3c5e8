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
                        Map.of("name", "issues", "endpoint", Map.of("path", "issues", "data_selector", "$.issues",
                                "params", Map.of("since", "{incremental.start_value}", "sort", "updated"),
                                "incremental", Map.of("cursor_path", "updated_at", "initial_value", "2024-01-02T00:00:00Z"))),
                        Map.of("name", "comments", "include_from_parent", List.of("number"),
                                "endpoint", Map.of("path", "issues/{resources.issues.number}/comments",
                                        "paginator", "json_link",
                                        "response_actions", List.of(Map.of("status_code", 404, "action", "ignore"))))));
        Pipeline pipeline = pipeline("from_map");
        pipeline.run(RestApiSource.fromConfig("acme", config));

        // from the placeholder: issues updated since 2024-01-02 (102..105), and the comments of all but 105
        assertThat(TestSupport.count(pipeline, "issues")).isEqualTo(4);
        assertThat(TestSupport.count(pipeline, "comments")).isEqualTo(6);
        assertThat(server.requestsTo("/repos/acme/app/issues").get(0).query()).containsEntry("since", "2024-01-02T00:00:00Z")
                .containsEntry("sort", "updated");
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

    /** Items 0..4 in pages of two, served in each pagination style. */
    private void servePaginationStyles() {
        String base = server.baseUrl();
        server.handle("/p/json_link", seen -> {
            int page = RestClientTest.intParam(seen, "page", 0);
            return Reply.json(page < 2 ? Map.of("items", RestClientTest.items(page * 2, page * 2 + 2), "next", "/p/json_link?page=" + (page + 1))
                    : Map.of("items", RestClientTest.items(4, 5)));
        });
        server.handle("/p/header_link", seen -> {
            int page = RestClientTest.intParam(seen, "page", 0);
            Reply reply = Reply.json(RestClientTest.items(page * 2, Math.min(5, page * 2 + 2)));
            return page < 2 ? reply.header("Link", "<" + base + "/p/header_link?page=" + (page + 1) + ">; rel=\"next\"") : reply;
        });
        server.handle("/p/header_cursor", seen -> {
            int page = RestClientTest.intParam(seen, "cursor", 0);
            Reply reply = Reply.json(RestClientTest.items(page * 2, Math.min(5, page * 2 + 2)));
            return page < 2 ? reply.header("next", String.valueOf(page + 1)) : reply;
        });
        server.handle("/p/offset", seen -> {
            int offset = RestClientTest.intParam(seen, "offset", 0);
            return Reply.json(Map.of("total", 5, "items", RestClientTest.items(offset, Math.min(5, offset + 2))));
        });
        server.handle("/p/page_number", seen -> {
            int page = RestClientTest.intParam(seen, "page", 0);
            return Reply.json(Map.of("total", 3, "items", RestClientTest.items(page * 2, Math.min(5, page * 2 + 2))));
        });
        server.handle("/p/cursor", seen -> {
            int page = RestClientTest.intParam(seen, "cursor", 0);
            return Reply.json(Map.of("items", RestClientTest.items(page * 2, Math.min(5, page * 2 + 2)),
                    "cursors", Map.of("next", page < 2 ? String.valueOf(page + 1) : "")));
        });
        server.handle("/p/single_page", seen -> Reply.json(RestClientTest.items(0, 5)));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = { "json_link", "header_link", "header_cursor", "offset",
            "page_number", "cursor", "single_page", "auto" })
    void eachPaginatorLoadsTheExpectedRows(String type) {
        servePaginationStyles();
        Map<String, Object> paginator = switch (type) {
            case "offset" -> Map.of("type", "offset", "limit", 2);
            case "auto" -> Map.of("type", "auto");
            default -> Map.of("type", type);
        };
        String path = type.equals("auto") ? "p/json_link" : "p/" + type;
        Pipeline pipeline = pipeline("paginator_" + type);
        pipeline.run(RestApiSource.fromConfig("styles", Map.of("client", Map.of("base_url", server.baseUrl()),
                "resources", List.of(Map.of("name", "items", "endpoint", Map.of("path", path, "paginator", paginator))))));
        assertThat(TestSupport.query(pipeline, "SELECT id FROM raw.items ORDER BY id")).extracting(row -> row.get("id"))
                .containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void eachAuthTypeLoadsTheExpectedRows() {
        server.handle("/secure/bearer", seen -> "Bearer b".equals(seen.headers().get("authorization"))
                ? Reply.json(RestClientTest.items(0, 1)) : new Reply(401, Map.of(), Map.of()));
        server.handle("/secure/key", seen -> "k".equals(seen.headers().get("x-key")) || "k".equals(seen.query().get("key"))
                ? Reply.json(RestClientTest.items(0, 1)) : new Reply(401, Map.of(), Map.of()));
        server.handle("/secure/basic", seen -> ("Basic " + java.util.Base64.getEncoder().encodeToString("u:p".getBytes()))
                .equals(seen.headers().get("authorization")) ? Reply.json(RestClientTest.items(0, 1)) : new Reply(401, Map.of(), Map.of()));
        server.handle("/token", seen -> seen.body().contains("client_secret=cs")
                ? Reply.json(Map.of("access_token", "at", "expires_in", 60)) : new Reply(401, Map.of(), Map.of()));
        server.handle("/secure/oauth", seen -> "Bearer at".equals(seen.headers().get("authorization"))
                ? Reply.json(RestClientTest.items(0, 1)) : new Reply(401, Map.of(), Map.of()));
        Map<String, Map<String, Object>> auths = new LinkedHashMap<>();
        auths.put("secure/bearer", Map.of("token", "b"));
        auths.put("secure/key", Map.of("type", "api_key", "name", "X-Key", "api_key", "k"));
        auths.put("secure/key?q", Map.of("type", "api_key", "name", "key", "api_key", "k", "location", "query"));
        auths.put("secure/basic", Map.of("type", "http_basic", "username", "u", "password", "p"));
        auths.put("secure/oauth", Map.of("type", "oauth2_client_credentials", "access_token_url", server.baseUrl() + "/token",
                "client_id", "ci", "client_secret", "cs"));
        int run = 0;
        for (Map.Entry<String, Map<String, Object>> auth : auths.entrySet()) {
            Pipeline pipeline = pipeline("auth_" + run++);
            pipeline.run(RestApiSource.fromConfig("secure", Map.of("client", Map.of("base_url", server.baseUrl(),
                    "auth", auth.getValue()), "resources", List.of(Map.of("name", "things",
                    "endpoint", Map.of("path", auth.getKey().replace("?q", ""), "paginator", "single_page"))))));
            assertThat(TestSupport.count(pipeline, "things")).as(auth.getKey()).isEqualTo(1);
        }
    }
}
