package dev.gatehouse.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake provider speaking OpenAI's Files and Batch API ({@code /v1/files}, {@code /v1/batches}) and
 * Anthropic's Message Batches API ({@code /v1/messages/batches}), written from their API references:
 * uploaded files are kept, batches move {@code validating → in_progress → completed} (or
 * {@code cancelling → cancelled}; Anthropic: {@code in_progress → canceling → ended}) when looked at,
 * and the results are OpenAI output and error files or Anthropic's results JSONL. While
 * {@link #hold(boolean)} is on, batches stay in progress. A request whose last message holds
 * "fail" is answered with a 400 invalid_request_error; every other with the hello fixtures.
 * Single calls ({@code /v1/chat/completions}, {@code /v1/messages}) are counted and refused, so a
 * test sees that no line went one by one.
 */
public final class FakeBatchProvider implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A batch as the fake holds it. */
    public static final class Batch {
        public final String id;
        public final boolean anthropic;
        /** The requests as submitted: OpenAI JSONL lines, or Anthropic {@code {custom_id, params}} objects. */
        public final List<JsonNode> requests;

        volatile String status;
        volatile boolean cancelRequested;

        Batch(String id, boolean anthropic, List<JsonNode> requests) {
            this.id = id;
            this.anthropic = anthropic;
            this.requests = requests;
            this.status = anthropic ? "in_progress" : "validating";
        }

        public boolean cancelRequested() {
            return cancelRequested;
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Map<String, String> files = new ConcurrentHashMap<>();
    private final List<Batch> batches = new CopyOnWriteArrayList<>();
    private final AtomicInteger singleCalls = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean hold;

    public FakeBatchProvider() {
        server = vertx.createHttpServer().requestHandler(r -> r.body().onSuccess(body -> handle(r, body)));
        try {
            server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** OpenAI-style base URL (with {@code /v1}). */
    public String openAiBaseUrl() {
        return root() + "/v1";
    }

    /** Anthropic-style base URL (the adapter adds {@code /v1/...}). */
    public String anthropicBaseUrl() {
        return root();
    }

    private String root() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** While on, batches stay in progress however often they are looked at. */
    public FakeBatchProvider hold(boolean on) {
        this.hold = on;
        return this;
    }

    public List<Batch> batches() {
        return List.copyOf(batches);
    }

    public int singleCalls() {
        return singleCalls.get();
    }

    private void handle(HttpServerRequest r, Buffer body) {
        String path = r.path();
        try {
            if (path.equals("/v1/chat/completions") || path.equals("/v1/messages")) {
                singleCalls.incrementAndGet();
                reply(r, 500, "{\"error\":{\"message\":\"single calls are not expected\"}}");
            } else if (path.equals("/v1/files") && r.method().name().equals("POST")) {
                upload(r, body);
            } else if (path.startsWith("/v1/files/") && path.endsWith("/content")) {
                String id = path.substring("/v1/files/".length(), path.length() - "/content".length());
                String text = files.get(id);
                if (text == null) {
                    reply(r, 404, "{\"error\":{\"message\":\"no such file\"}}");
                } else {
                    r.response()
                            .putHeader("content-type", "application/octet-stream")
                            .end(text);
                }
            } else if (path.equals("/v1/batches")) {
                createOpenAi(r, JSON.readTree(body.toString()));
            } else if (path.equals("/v1/messages/batches")) {
                createAnthropic(r, JSON.readTree(body.toString()));
            } else if (path.startsWith("/v1/messages/batches/")) {
                anthropicBatch(r, path.substring("/v1/messages/batches/".length()));
            } else if (path.startsWith("/v1/batches/")) {
                openAiBatch(r, path.substring("/v1/batches/".length()));
            } else {
                reply(r, 404, "{\"error\":{\"message\":\"unknown path " + path + "\"}}");
            }
        } catch (IOException e) {
            reply(r, 400, "{\"error\":{\"message\":\"bad JSON\"}}");
        }
    }

    private void upload(HttpServerRequest r, Buffer body) {
        // The multipart form's file part: its bytes run from the blank line after its headers to the next boundary.
        String text = body.toString(StandardCharsets.UTF_8);
        String boundary = r.getHeader("content-type").replaceFirst(".*boundary=", "");
        int part = text.indexOf("filename=");
        int start = text.indexOf("\r\n\r\n", part) + 4;
        int end = text.indexOf("\r\n--" + boundary, start);
        String purpose = text.contains("name=\"purpose\"\r\n\r\nbatch\r\n") ? "batch" : "other";
        String id = "file-" + ids.incrementAndGet();
        files.put(id, text.substring(start, end));
        reply(
                r,
                200,
                "{\"id\":\"" + id + "\",\"object\":\"file\",\"bytes\":" + (end - start)
                        + ",\"created_at\":1,\"filename\":\"input.jsonl\",\"purpose\":\"" + purpose + "\"}");
    }

    private void createOpenAi(HttpServerRequest r, JsonNode create) throws IOException {
        String input = files.get(create.path("input_file_id").asText());
        if (input == null || !"24h".equals(create.path("completion_window").asText())) {
            reply(r, 400, "{\"error\":{\"message\":\"bad batch\",\"type\":\"invalid_request_error\"}}");
            return;
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : input.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        Batch b = new Batch("batch_" + ids.incrementAndGet(), false, lines);
        batches.add(b);
        reply(r, 200, openAiObject(b, null, null).toString());
    }

    private void openAiBatch(HttpServerRequest r, String rest) {
        boolean cancel = rest.endsWith("/cancel");
        Batch b = find(cancel ? rest.substring(0, rest.length() - "/cancel".length()) : rest);
        if (b == null) {
            reply(r, 404, "{\"error\":{\"message\":\"no such batch\"}}");
            return;
        }
        if (cancel) {
            b.cancelRequested = true;
            b.status = "cancelling";
            reply(r, 200, openAiObject(b, null, null).toString());
            return;
        }
        String output = null;
        String errors = null;
        if (b.status.equals("cancelling")) {
            b.status = "cancelled";
        } else if (b.status.equals("validating")) {
            b.status = "in_progress";
        } else if (b.status.equals("in_progress") && !hold) {
            b.status = "completed";
        }
        if (b.status.equals("completed") || b.status.equals("cancelled")) {
            StringBuilder out = new StringBuilder();
            StringBuilder err = new StringBuilder();
            for (JsonNode line : b.requests) {
                ObjectNode result = JSON.createObjectNode();
                result.put("id", "batch_req_" + ids.incrementAndGet());
                result.put("custom_id", line.path("custom_id").asText());
                if (b.status.equals("cancelled")) {
                    result.putNull("response");
                    result.putObject("error").put("code", "batch_cancelled").put("message", "The batch was cancelled.");
                    err.append(result).append('\n');
                } else if (fails(line.path("body"))) {
                    ObjectNode response = result.putObject("response");
                    response.put("status_code", 400).put("request_id", "req_fail");
                    response.set("body", read(Fixtures.text("openai/error-invalid.json")));
                    result.putNull("error");
                    err.append(result).append('\n');
                } else {
                    ObjectNode response = result.putObject("response");
                    response.put("status_code", 200).put("request_id", "req_ok");
                    response.set("body", read(Fixtures.text("openai/chat-hello.json")));
                    result.putNull("error");
                    out.append(result).append('\n');
                }
            }
            output = keep(out);
            errors = keep(err);
        }
        reply(r, 200, openAiObject(b, output, errors).toString());
    }

    private String keep(StringBuilder text) {
        if (text.length() == 0) {
            return null;
        }
        String id = "file-" + ids.incrementAndGet();
        files.put(id, text.toString());
        return id;
    }

    private static ObjectNode openAiObject(Batch b, String output, String errors) {
        ObjectNode o = JSON.createObjectNode()
                .put("id", b.id)
                .put("object", "batch")
                .put("endpoint", "/v1/chat/completions")
                .put("completion_window", "24h")
                .put("status", b.status)
                .put("output_file_id", output)
                .put("error_file_id", errors)
                .put("created_at", 1);
        o.putObject("request_counts")
                .put("total", b.requests.size())
                .put("completed", 0)
                .put("failed", 0);
        return o;
    }

    private void createAnthropic(HttpServerRequest r, JsonNode create) {
        List<JsonNode> requests = new ArrayList<>();
        create.path("requests").forEach(requests::add);
        for (JsonNode q : requests) {
            if (!q.path("custom_id").asText().matches("[a-zA-Z0-9_-]{1,64}")
                    || !q.path("params").has("max_tokens")
                    || q.path("params").has("stream")) {
                reply(r, 400, Fixtures.text("anthropic/error-invalid.json"));
                return;
            }
        }
        Batch b = new Batch("msgbatch_" + ids.incrementAndGet(), true, requests);
        batches.add(b);
        reply(r, 200, anthropicObject(b).toString());
    }

    private void anthropicBatch(HttpServerRequest r, String rest) {
        boolean cancel = rest.endsWith("/cancel");
        boolean results = rest.endsWith("/results");
        String id = cancel || results ? rest.substring(0, rest.lastIndexOf('/')) : rest;
        Batch b = find(id);
        if (b == null) {
            reply(r, 404, "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"no batch\"}}");
            return;
        }
        if (cancel) {
            b.cancelRequested = true;
            b.status = "canceling";
        } else if (results) {
            StringBuilder jsonl = new StringBuilder();
            for (JsonNode q : b.requests) {
                ObjectNode line = JSON.createObjectNode()
                        .put("custom_id", q.path("custom_id").asText());
                ObjectNode result = line.putObject("result");
                if (b.cancelRequested) {
                    result.put("type", "canceled");
                } else if (fails(q.path("params"))) {
                    result.put("type", "errored");
                    result.set("error", read(Fixtures.text("anthropic/error-invalid.json")));
                } else {
                    result.put("type", "succeeded");
                    result.set("message", read(Fixtures.text("anthropic/message-hello.json")));
                }
                jsonl.append(line).append('\n');
            }
            r.response().putHeader("content-type", "application/binary").end(jsonl.toString());
            return;
        } else if (b.status.equals("canceling") || (b.status.equals("in_progress") && !hold)) {
            b.status = "ended";
        }
        reply(r, 200, anthropicObject(b).toString());
    }

    private ObjectNode anthropicObject(Batch b) {
        ObjectNode o = JSON.createObjectNode()
                .put("id", b.id)
                .put("type", "message_batch")
                .put("processing_status", b.status)
                .put("created_at", "2024-08-20T18:37:24.100435Z")
                .put("expires_at", "2024-08-21T18:37:24.100435Z");
        o.put("results_url", b.status.equals("ended") ? root() + "/v1/messages/batches/" + b.id + "/results" : null);
        o.putObject("request_counts")
                .put("processing", b.status.equals("ended") ? 0 : b.requests.size())
                .put("succeeded", 0)
                .put("errored", 0)
                .put("canceled", 0)
                .put("expired", 0);
        return o;
    }

    /** The request's last message says "fail". */
    private static boolean fails(JsonNode body) {
        ArrayNode messages = (ArrayNode) body.path("messages");
        return messages != null
                && !messages.isEmpty()
                && messages.get(messages.size() - 1).toString().contains("fail");
    }

    private Batch find(String id) {
        return batches.stream().filter(b -> b.id.equals(id)).findFirst().orElse(null);
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void reply(HttpServerRequest r, int status, String body) {
        r.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(body);
    }

    @Override
    public void close() {
        vertx.close();
    }
}
