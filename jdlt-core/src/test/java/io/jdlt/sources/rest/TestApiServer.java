package io.jdlt.sources.rest;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jdlt.json.Json;

/**
 * A real HTTP server on loopback (the JDK's) that answers JSON as the tests tell it, and records every request, so
 * that the client under test makes real HTTP calls.
 */
final class TestApiServer implements AutoCloseable {

    /** What a handler answers. */
    record Reply(int status, Map<String, String> headers, Object body) {

        static Reply json(Object body) {
            return new Reply(200, Map.of(), body);
        }

        Reply header(String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Reply(status, all, body);
        }
    }

    /** A request as the server saw it. */
    record Seen(String path, Map<String, String> query, Map<String, String> headers, String body) {
    }

    private final HttpServer server;
    final List<Seen> requests = Collections.synchronizedList(new ArrayList<>());

    TestApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void handle(String path, Function<Seen, Reply> handler) {
        server.createContext(path, exchange -> answer(exchange, handler));
    }

    /** The requests made to {@code path}, in order. */
    List<Seen> requestsTo(String path) {
        synchronized (requests) {
            return requests.stream().filter(seen -> seen.path().equals(path)).toList();
        }
    }

    private void answer(HttpExchange exchange, Function<Seen, Reply> handler) throws IOException {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] parts = pair.split("=", 2);
                query.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                        parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Seen seen = new Seen(exchange.getRequestURI().getPath(), query, headers, body);
        requests.add(seen);
        Reply reply;
        try {
            reply = handler.apply(seen);
        }
        catch (RuntimeException ex) {
            reply = new Reply(500, Map.of(), Map.of("error", ex.toString()));
        }
        byte[] bytes = reply.body() == null ? new byte[0]
                : Json.MAPPER.writeValueAsString(reply.body()).getBytes(StandardCharsets.UTF_8);
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
