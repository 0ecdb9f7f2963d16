package dev.gatehouse.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A webhook endpoint for tests: a Vert.x HTTP server that records every POST (path, headers, body)
 * and answers 200, or the statuses queued for its path with {@link #failNext}.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Received(String path, Map<String, String> headers, String body, int answered) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final Map<String, Deque<Integer>> statuses = new java.util.HashMap<>();

    WebhookReceiver() throws Exception {
        server = vertx.createHttpServer()
                .requestHandler(request -> request.body().onSuccess(body -> {
                    int status;
                    synchronized (this) {
                        Deque<Integer> queued = statuses.get(request.path());
                        status = queued == null || queued.isEmpty() ? 200 : queued.removeFirst();
                        Map<String, String> headers = new TreeMap<>();
                        request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
                        received.add(new Received(request.path(), headers, body.toString(), status));
                    }
                    request.response().setStatusCode(status).end("{}");
                }))
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    /** The next requests to {@code path} get these statuses, in order; then 200 again. */
    synchronized void failNext(String path, int... codes) {
        for (int c : codes) {
            statuses.computeIfAbsent(path, p -> new ArrayDeque<>()).addLast(c);
        }
    }

    synchronized List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    synchronized List<Received> all() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
