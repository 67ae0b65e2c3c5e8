package io.jdlt.sources.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.jdlt.sources.rest.TestApiServer.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each paginator, its detection, auth and retries, against a real HTTP server on loopback. */
class RestClientTest {

    static TestApiServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestApiServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<Map<String, Object>> items(int from, int to) {
        return IntStream.range(from, to).mapToObj(id -> Map.<String, Object>of("id", id)).toList();
    }

    static int intParam(TestApiServer.Seen seen, String name, int otherwise) {
        return seen.query().containsKey(name) ? Integer.parseInt(seen.query().get(name)) : otherwise;
    }

    private RestClient client() {
        return RestClient.builder(server.baseUrl()).backoff(Duration.ofMillis(10), Duration.ofMillis(200)).build();
    }

    /** The ids of every page, and the paginator used. */
    private record Result(List<Object> ids, Paginator paginator) {
    }

    private Result fetch(RestClient client, String path, Paginator paginator) {
        return fetch(client, path, paginator, null);
    }

    private Result fetch(RestClient client, String path, Paginator paginator, String selector) {
        List<Object> ids = new ArrayList<>();
        Paginator used = client.paginate("GET", path, Map.of(), null, selector, paginator,
                page -> page.forEach(item -> ids.add(((Map<?, ?>) item).get("id"))));
        return new Result(ids, used);
    }

    @Test
    void jsonLinkFollowsTheNextUrlUntilItIsMissing() {
        server.handle("/json_link", seen -> {
            int page = intParam(seen, "page", 0);
            return Reply.json(page < 2 ? Map.of("items", items(page * 2, page * 2 + 2), "next", "/json_link?page=" + (page + 1))
                    : Map.of("items", items(4, 5)));
        });
        Result explicit = fetch(client(), "json_link", new JsonLinkPaginator("next"));
        assertThat(explicit.ids()).containsExactly(0, 1, 2, 3, 4);
        Result detected = fetch(client(), "json_link", null);
        assertThat(detected.ids()).containsExactly(0, 1, 2, 3, 4);
        assertThat(detected.paginator()).isInstanceOf(JsonLinkPaginator.class);
    }

    @Test
    void headerLinkFollowsRfc8288Links() {
        server.handle("/header_link", seen -> {
            int page = intParam(seen, "page", 0);
            Reply reply = Reply.json(items(page * 3, page * 3 + 3));
            return page < 2 ? reply.header("Link", "<" + server.baseUrl() + "/header_link?page=" + (page + 1)
                    + ">; rel=\"next\", <" + server.baseUrl() + "/header_link?page=2>; rel=\"last\"") : reply;
        });
        assertThat(fetch(client(), "/header_link", new HeaderLinkPaginator()).ids()).hasSize(9);
        Result detected = fetch(client(), "/header_link", null);
        assertThat(detected.ids()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(detected.paginator()).isInstanceOf(HeaderLinkPaginator.class);
        assertThat(HeaderLinkPaginator.target("<https://x/a?b=1,2>; rel=\"prev next\"", "next")).contains("https://x/a?b=1,2");
    }

    @Test
    void offsetStopsAtTheTotalAndSendsLimitAndOffset() {
        server.handle("/offset", seen -> {
            int offset = intParam(seen, "offset", 0);
            int limit = intParam(seen, "limit", 100);
            return Reply.json(Map.of("total", 7, "items", items(offset, Math.min(7, offset + limit))));
        });
        assertThat(fetch(client(), "offset", new OffsetPaginator(3)).ids()).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(server.requestsTo("/offset")).extracting(seen -> seen.query().get("offset"))
                .containsExactly("0", "3", "6");
        // without a total: an empty page ends it, or the maximum offset
        server.handle("/offset_no_total", seen -> {
            int offset = intParam(seen, "offset", 0);
            return Reply.json(Map.of("items", items(offset, Math.min(5, offset + 2))));
        });
        assertThat(fetch(client(), "offset_no_total", new OffsetPaginator(2, 0, "offset", "limit", null, null, true, null))
                .ids()).containsExactly(0, 1, 2, 3, 4);
        assertThat(fetch(client(), "offset_no_total", new OffsetPaginator(2, 0, "offset", "limit", null, 2L, false, null))
                .ids()).containsExactly(0, 1);
        assertThatThrownBy(() -> fetch(client(), "offset_no_total", new OffsetPaginator(2)))
                .isInstanceOf(RestApiException.class).hasMessageContaining("has no total at 'total'");
    }

    @Test
    void pageNumberCountsPagesFromTheBasePageUpToTheTotal() {
        server.handle("/pages", seen -> {
            int page = intParam(seen, "page", 1);
            return Reply.json(Map.of("meta", Map.of("total_pages", 3), "page", page, "data", items(page * 10, page * 10 + 2)));
        });
        // dlt's verified example: base_page 1, total_path meta.total_pages = 3 requests pages 1, 2, 3
        assertThat(fetch(client(), "pages", new PageNumberPaginator(1, null, "page", "meta.total_pages", null, true, null))
                .ids()).containsExactly(10, 11, 20, 21, 30, 31);
        // detection: total_pages found, the first (unnumbered) request was page 1, so no page is asked twice
        Result detected = fetch(client(), "pages", null);
        assertThat(detected.ids()).containsExactly(10, 11, 20, 21, 30, 31);
        assertThat(detected.paginator()).isInstanceOf(PageNumberPaginator.class);
        // has_more decides
        server.handle("/pages_more", seen -> {
            int page = intParam(seen, "page", 0);
            return Reply.json(Map.of("has_more", page < 1 ? "true" : "false", "data", items(page, page + 1)));
        });
        assertThat(fetch(client(), "pages_more", new PageNumberPaginator(0, null, "page", null, null, false, "has_more"))
                .ids()).containsExactly(0, 1);
    }

    @Test
    void cursorsFromTheBodyOrAHeader() {
        server.handle("/cursor", seen -> {
            String cursor = seen.query().getOrDefault("cursor", "a");
            return switch (cursor) {
                case "a" -> Reply.json(Map.of("items", items(0, 2), "cursors", Map.of("next", "b")));
                case "b" -> Reply.json(Map.of("items", items(2, 4), "cursors", Map.of("next", "")));
                default -> throw new IllegalStateException("unknown cursor " + cursor);
            };
        });
        assertThat(fetch(client(), "cursor", new CursorPaginator()).ids()).containsExactly(0, 1, 2, 3);

        server.handle("/header_cursor", seen -> {
            String cursor = seen.query().getOrDefault("cursor", "first");
            return cursor.equals("first") ? Reply.json(items(0, 2)).header("next", "second") : Reply.json(items(2, 3));
        });
        assertThat(fetch(client(), "header_cursor", new HeaderCursorPaginator()).ids()).containsExactly(0, 1, 2);
    }

    @Test
    void detectionKnowsTokensODataAndHasMoreWhereDltDoesNot() {
        server.handle("/tokens", seen -> {
            String token = seen.query().get("next_page_token");
            return Reply.json(token == null ? Map.of("results", items(0, 2), "next_page_token", "t2")
                    : Map.of("results", items(2, 3), "next_page_token", ""));
        });
        Result tokens = fetch(client(), "tokens", null);
        assertThat(tokens.ids()).containsExactly(0, 1, 2);
        assertThat(tokens.paginator()).isInstanceOf(CursorPaginator.class);

        server.handle("/odata", seen -> {
            int skip = intParam(seen, "$skip", 0);
            return Reply.json(skip == 0 ? Map.of("value", items(0, 2), "@odata.nextLink", server.baseUrl() + "/odata?$skip=2")
                    : Map.of("value", items(2, 4)));
        });
        Result odata = fetch(client(), "odata", null);
        assertThat(odata.ids()).containsExactly(0, 1, 2, 3);
        assertThat(odata.paginator()).isInstanceOf(JsonLinkPaginator.class);

        server.handle("/stripe", seen -> {
            int after = intParam(seen, "starting_after", -1);
            return Reply.json(after < 0 ? Map.of("data", items(0, 2), "has_more", true)
                    : Map.of("data", items(after + 1, after + 3), "has_more", false));
        });
        Result stripe = fetch(client(), "stripe", null);
        assertThat(stripe.ids()).containsExactly(0, 1, 2, 3);
        assertThat(stripe.paginator()).isInstanceOf(LastItemCursorPaginator.class);

        server.handle("/single", seen -> Reply.json(items(0, 3)));
        Result single = fetch(client(), "single", null);
        assertThat(single.ids()).containsExactly(0, 1, 2);
        assertThat(single.paginator()).isInstanceOf(SinglePagePaginator.class);
        assertThat(server.requestsTo("/single")).hasSize(1);
    }

    @Test
    void aDataSelectorPicksTheItems() {
        server.handle("/selected", seen -> Reply.json(Map.of("response", Map.of("list", items(5, 7)), "data", items(0, 1))));
        assertThat(fetch(client(), "selected", new SinglePagePaginator(), "$.response.list").ids()).containsExactly(5, 6);
        assertThat(fetch(client(), "selected", new SinglePagePaginator(), "response.list").ids()).containsExactly(5, 6);
    }

    @Test
    void retriesOn429And5xxHonouringRetryAfterAndFailsClearlyOn4xx() {
        AtomicInteger calls = new AtomicInteger();
        server.handle("/limited", seen -> calls.incrementAndGet() <= 2
                ? new Reply(429, Map.of("Retry-After", "0"), Map.of("error", "slow down"))
                : Reply.json(items(0, 2)));
        assertThat(fetch(client(), "limited", new SinglePagePaginator()).ids()).containsExactly(0, 1);
        assertThat(calls).hasValue(3);

        server.handle("/down", seen -> new Reply(503, Map.of(), Map.of("error", "maintenance")));
        RestClient twoAttempts = RestClient.builder(server.baseUrl()).maxAttempts(2)
                .backoff(Duration.ofMillis(5), Duration.ofMillis(5)).build();
        assertThatThrownBy(() -> fetch(twoAttempts, "down", new SinglePagePaginator()))
                .isInstanceOf(TransientRestApiException.class).isInstanceOf(io.jdlt.common.TransientException.class)
                .satisfies(ex -> assertThat(((RestApiFailure) ex).status()).isEqualTo(503))
                .hasMessageContaining("GET " + server.baseUrl() + "/down failed with status 503 after 2 attempts")
                .hasMessageContaining("maintenance");

        server.handle("/missing", seen -> new Reply(404, Map.of(), Map.of("message", "Not Found")));
        assertThatThrownBy(() -> fetch(client(), "missing", null)).isInstanceOf(RestApiException.class)
                .isInstanceOf(io.jdlt.common.TerminalException.class)
                .hasMessageContaining("GET " + server.baseUrl() + "/missing failed with status 404")
                .satisfies(ex -> assertThat(((RestApiException) ex).status()).isEqualTo(404));
        assertThat(server.requestsTo("/missing")).hasSize(1);
    }

    @Test
    void eachAuthTypeSendsItsCredentialsAndNoErrorShowsThem() {
        server.handle("/secure/bearer", seen -> "Bearer s3cr3t".equals(seen.headers().get("authorization"))
                ? Reply.json(items(0, 1)) : new Reply(401, Map.of(), Map.of()));
        server.handle("/secure/key", seen -> "k3y".equals(seen.query().get("api_key")) || "k3y".equals(seen.headers().get("x-api-key"))
                ? Reply.json(items(0, 1)) : new Reply(401, Map.of(), Map.of()));
        server.handle("/secure/basic", seen -> ("Basic " + java.util.Base64.getEncoder().encodeToString("ash:pika".getBytes()))
                .equals(seen.headers().get("authorization")) ? Reply.json(items(0, 1)) : new Reply(401, Map.of(), Map.of()));
        AtomicInteger issued = new AtomicInteger();
        server.handle("/oauth/token", seen -> seen.body().contains("grant_type=client_credentials")
                && seen.body().contains("client_id=app") && seen.body().contains("client_secret=sh")
                ? Reply.json(Map.of("access_token", "tok" + issued.incrementAndGet(), "expires_in", 3600))
                : new Reply(400, Map.of(), Map.of("error", "invalid_client")));
        // the API revokes the first token: the client fetches a new one after the 401
        server.handle("/secure/oauth", seen -> "Bearer tok2".equals(seen.headers().get("authorization"))
                ? Reply.json(items(0, 1)) : new Reply(401, Map.of(), Map.of("error", "token revoked")));

        for (var auth : Map.of("/secure/bearer", RestAuth.bearer("s3cr3t"), "/secure/key", RestAuth.apiKeyQuery("api_key", "k3y"),
                "/secure/basic", RestAuth.httpBasic("ash", "pika"),
                "/secure/oauth", RestAuth.oauth2ClientCredentials(server.baseUrl() + "/oauth/token", "app", "sh", null)).entrySet()) {
            RestClient client = RestClient.builder(server.baseUrl()).auth(auth.getValue()).build();
            assertThat(fetch(client, auth.getKey(), new SinglePagePaginator()).ids()).as(auth.getKey()).containsExactly(0);
            assertThat(auth.getValue().toString()).doesNotContain("s3cr3t", "k3y", "pika", "sh)").contains("***");
        }
        RestClient headerKey = RestClient.builder(server.baseUrl()).auth(RestAuth.apiKeyHeader("X-API-Key", "k3y")).build();
        assertThat(fetch(headerKey, "/secure/key", new SinglePagePaginator()).ids()).containsExactly(0);
        assertThat(issued).hasValue(2);

        // a failing call with the key in the query: the error names the URL without it
        RestClient wrongKey = RestClient.builder(server.baseUrl()).auth(RestAuth.apiKeyQuery("api_key", "wr0ng")).build();
        assertThatThrownBy(() -> fetch(wrongKey, "/secure/key", new SinglePagePaginator()))
                .isInstanceOf(RestApiException.class).hasMessageContaining("failed with status 401")
                .message().doesNotContain("wr0ng");
    }

    @Test
    void aServerThatHandsBackTheSamePageStopsWithAnErrorAndEchoedKeysAreMasked() {
        server.handle("/same", seen -> Reply.json(Map.of("items", items(0, 1), "next", "/same?api_key=" + seen.query().get("api_key"))));
        RestClient client = RestClient.builder(server.baseUrl()).auth(RestAuth.apiKeyQuery("api_key", "s3cr3t")).build();
        assertThatThrownBy(() -> fetch(client, "same", new JsonLinkPaginator()))
                .isInstanceOf(RestApiException.class).hasMessageContaining("asked for the page just read again")
                .hasMessageContaining("api_key=***").message().doesNotContain("s3cr3t");
    }
}
