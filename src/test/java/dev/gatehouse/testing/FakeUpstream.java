package dev.gatehouse.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A scriptable OpenAI-compatible upstream for tests: each request takes the next scripted
 * {@link Behavior} (status, body, paced SSE, hang, reset, truncation) and is recorded, including
 * when its connection closed, so tests can check what the gateway sent and when it gave up.
 */
public final class FakeUpstream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the fake does with one request. */
    public sealed interface Behavior {}

    public record Respond(int status, String contentType, String body, Map<String, String> headers, Duration delay)
            implements Behavior {}

    /**
     * Sends SSE {@code data:} events {@code interval} apart. After the events: {@code end} closes the
     * response normally, otherwise the connection stays open (a hang) or is reset.
     */
    public record Stream(List<String> events, Duration interval, After after) implements Behavior {}

    public enum After {
        END,
        HANG,
        RESET
    }

    /**
     * Sends raw frames {@code interval} apart (SSE events with {@code event:} lines, or binary AWS
     * event-stream messages), then ends, hangs or resets as {@code after} says.
     */
    public record Frames(String contentType, List<Buffer> frames, Duration interval, After after) implements Behavior {}

    /** Answers with raw bytes (a binary body, or text that must go out exactly as given). */
    public record RespondBytes(int status, String contentType, Buffer body, Map<String, String> headers)
            implements Behavior {}

    public record Hang() implements Behavior {}

    /**
     * Writes {@code count} copies of {@code data} as fast as the connection takes them, waiting
     * whenever the write queue is full, then {@code [DONE]}. {@link #floodWritten()} tells how far it
     * got, so a test can see back-pressure reach the upstream.
     */
    public record Flood(String data, int count) implements Behavior {}

    public record Reset() implements Behavior {}

    /**
     * Sends SSE {@code data:} events one at a time, each when the test calls {@link #release()}, and
     * ends the response after the last. A test that reads each event at the client before it
     * releases the next knows nothing held it back on the way, without timing anything.
     */
    public static final class Stepped implements Behavior {
        private final List<String> events;
        private int released;
        private int sent;
        private HttpServerResponse response;
        private Context context;

        public Stepped(List<String> events) {
            this.events = List.copyOf(events);
        }

        /** Lets the next event go out (now, or as soon as the request arrives). */
        public synchronized void release() {
            released++;
            if (context != null) {
                context.runOnContext(v -> pump());
            }
        }

        private synchronized void begin(HttpServerResponse response) {
            this.response = response;
            this.context = Vertx.currentContext();
            response.setChunked(true).putHeader("content-type", "text/event-stream");
            response.writeHead();
            pump();
        }

        private synchronized void pump() {
            while (sent < released && sent < events.size() && !response.closed()) {
                response.write(Buffer.buffer("data: " + events.get(sent++) + "\n\n", StandardCharsets.UTF_8.name()));
                if (sent == events.size()) {
                    response.end();
                }
            }
        }
    }

    /**
     * One request as the fake received it.
     *
     * @param connection the address the gateway connected from, the same for requests that shared a connection
     * @param method the HTTP method
     */
    public record Received(
            String path,
            String uri,
            Map<String, String> headers,
            JsonNode body,
            Buffer rawBody,
            String connection,
            String method) {}

    private final Vertx vertx = Vertx.vertx();
    private final Queue<Behavior> script = new ArrayDeque<>();
    private final Map<String, Behavior> byPath = new HashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Long> connectionClosedNanos = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final java.util.concurrent.atomic.AtomicInteger floodWritten =
            new java.util.concurrent.atomic.AtomicInteger();
    /** {@code System.nanoTime()} when a flood found its write queue full and began waiting, or 0 while it writes. */
    private final java.util.concurrent.atomic.AtomicLong floodBlockedSince =
            new java.util.concurrent.atomic.AtomicLong();

    private Behavior fallback = json(200, Fixtures.text("openai/chat-completion.json"));

    public FakeUpstream() {
        server = vertx.createHttpServer().requestHandler(this::handle);
        try {
            server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort() + "/v1";
    }

    public synchronized FakeUpstream then(Behavior behavior) {
        script.add(behavior);
        return this;
    }

    /** What every request gets once the script is used up. */
    public synchronized FakeUpstream always(Behavior behavior) {
        fallback = behavior;
        return this;
    }

    public List<Received> received() {
        return received;
    }

    public Received lastReceived() {
        return received.get(received.size() - 1);
    }

    public int floodWritten() {
        return floodWritten.get();
    }

    /** How long a flood has been waiting for its full write queue to drain; zero while it writes. */
    public Duration floodBlockedFor() {
        long since = floodBlockedSince.get();
        return since == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
    }

    public List<Long> connectionClosedNanos() {
        return connectionClosedNanos;
    }

    public static Respond json(int status, String body) {
        return new Respond(status, "application/json", body, Map.of(), Duration.ZERO);
    }

    public static Respond json(int status, String body, Map<String, String> headers) {
        return new Respond(status, "application/json", body, headers, Duration.ZERO);
    }

    public static Stream sse(List<String> events, Duration interval, After after) {
        return new Stream(events, interval, after);
    }

    private synchronized Behavior next(String path) {
        Behavior own = byPath.get(path);
        if (own != null) {
            return own;
        }
        Behavior b = script.poll();
        return b == null ? fallback : b;
    }

    /** What every request for {@code path} gets, before the script (a health probe's route, say). */
    public synchronized FakeUpstream onPath(String path, Behavior behavior) {
        byPath.put(path, behavior);
        return this;
    }

    /** The requests received for {@code path}. */
    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpServerRequest request) {
        request.connection().closeHandler(v -> connectionClosedNanos.add(System.nanoTime()));
        request.body().onSuccess(body -> {
            Map<String, String> headers = new HashMap<>();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            received.add(new Received(
                    request.path(),
                    request.uri(),
                    headers,
                    parseOrNull(body),
                    body,
                    request.connection().remoteAddress().toString(),
                    request.method().name()));
            act(next(request.path()), request.response());
        });
    }

    private void act(Behavior behavior, HttpServerResponse response) {
        if (behavior instanceof Respond r) {
            Runnable send = () -> {
                response.setStatusCode(r.status()).putHeader("content-type", r.contentType());
                r.headers().forEach(response::putHeader);
                response.end(r.body());
            };
            if (r.delay().isZero()) {
                send.run();
            } else {
                vertx.setTimer(r.delay().toMillis(), id -> send.run());
            }
        } else if (behavior instanceof Stream s) {
            response.setChunked(true).putHeader("content-type", "text/event-stream");
            response.writeHead();
            sendEvents(response, s, 0);
        } else if (behavior instanceof RespondBytes r) {
            response.setStatusCode(r.status()).putHeader("content-type", r.contentType());
            r.headers().forEach(response::putHeader);
            response.end(r.body());
        } else if (behavior instanceof Frames f) {
            response.setChunked(true).putHeader("content-type", f.contentType());
            response.writeHead();
            sendFrames(response, f, 0);
        } else if (behavior instanceof Flood f) {
            response.setChunked(true).putHeader("content-type", "text/event-stream");
            flood(response, Buffer.buffer("data: " + f.data() + "\n\n"), f.count());
        } else if (behavior instanceof Stepped s) {
            s.begin(response);
        } else if (behavior instanceof Reset) {
            response.reset();
        }
        // Hang: answer nothing and keep the connection open.
    }

    private void flood(HttpServerResponse response, Buffer event, int count) {
        while (floodWritten.get() < count) {
            if (response.closed()) {
                return;
            }
            if (response.writeQueueFull()) {
                floodBlockedSince.set(System.nanoTime());
                response.drainHandler(v -> {
                    floodBlockedSince.set(0);
                    response.drainHandler(null);
                    flood(response, event, count);
                });
                return;
            }
            response.write(event);
            floodWritten.incrementAndGet();
        }
        response.end("data: [DONE]\n\n");
    }

    private void sendFrames(HttpServerResponse response, Frames f, int index) {
        if (response.closed()) {
            return;
        }
        if (index == f.frames().size()) {
            switch (f.after()) {
                case END -> response.end();
                case RESET -> response.reset();
                case HANG -> {}
            }
            return;
        }
        response.write(f.frames().get(index));
        if (f.interval().isZero()) {
            sendFrames(response, f, index + 1);
        } else {
            vertx.setTimer(f.interval().toMillis(), id -> sendFrames(response, f, index + 1));
        }
    }

    private void sendEvents(HttpServerResponse response, Stream s, int index) {
        if (response.closed()) {
            return;
        }
        if (index == s.events().size()) {
            switch (s.after()) {
                case END -> response.end();
                case RESET -> response.reset();
                case HANG -> {}
            }
            return;
        }
        response.write(Buffer.buffer("data: " + s.events().get(index) + "\n\n", StandardCharsets.UTF_8.name()));
        long delay = s.interval().toMillis();
        if (delay == 0) {
            sendEvents(response, s, index + 1);
        } else {
            vertx.setTimer(delay, id -> sendEvents(response, s, index + 1));
        }
    }

    private static JsonNode parseOrNull(Buffer body) {
        try {
            return body.length() == 0 ? null : JSON.readTree(body.getBytes());
        } catch (IOException e) {
            return null;
        }
    }

    /** Splits an SSE fixture into its events (blank-line separated), each kept whole with its newline pair. */
    public static List<Buffer> sseEvents(String fixture) {
        List<Buffer> events = new java.util.ArrayList<>();
        for (String event : Fixtures.text(fixture).replace("\r\n", "\n").split("\n\n")) {
            if (!event.isBlank()) {
                events.add(Buffer.buffer(event.strip() + "\n\n"));
            }
        }
        return events;
    }

    @Override
    public void close() {
        vertx.close();
    }
}
