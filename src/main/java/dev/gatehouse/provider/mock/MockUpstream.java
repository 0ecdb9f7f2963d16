package dev.gatehouse.provider.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.config.MockSettings;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in {@code mock} provider: a deterministic simulated LLM served over HTTP in OpenAI's
 * exact wire format, so the gateway reaches it through its ordinary OpenAI adapter, and benchmarks
 * can use it as a fast upstream. Serves {@code POST /v1/chat/completions} (unary, streamed, tool
 * calls), {@code POST /v1/embeddings} and {@code GET /v1/models}; anything else is a 404 in
 * OpenAI's error shape.
 *
 * <p>Faults are injected two ways: {@link MockSettings#errorRate()} fails that share of model calls
 * at random with {@link MockSettings#errorStatus()}, and {@code [mock:...]} directives in the last
 * user message script one request (see {@link MockDirectives}). {@link MockSettings#latency()}
 * delays every response unless a directive sets its own.
 *
 * <p>Threading: {@link #start} and {@link #stop} may be called from any thread, each once. Requests
 * are handled on the server's event loops; nothing blocks or sleeps, delays and pacing use the
 * clock's timers.
 */
public final class MockUpstream {

    private static final Logger LOG = LoggerFactory.getLogger(MockUpstream.class);

    /** The one model the mock lists; it answers to any model name. */
    private static final String MODEL_ID = "mock-1";

    private final Vertx vertx;
    private final MockSettings settings;
    private final GatewayClock clock;
    private final MockChatHandler chat;
    private volatile @Nullable HttpServer server;

    /** @param clock times the simulated latency and stream pacing, and dates answers */
    public MockUpstream(Vertx vertx, MockSettings settings, GatewayClock clock) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.chat = new MockChatHandler(settings, clock);
    }

    /** Starts listening; completes with the actual bound port (port 0 = ephemeral). */
    public Future<Integer> start(String host, int port) {
        HttpServer s = vertx.createHttpServer(new HttpServerOptions()).requestHandler(this::route);
        server = s;
        return s.listen(port, host).map(HttpServer::actualPort);
    }

    /** Stops listening and closes open connections; completes at once if never started. */
    public Future<Void> stop() {
        HttpServer s = server;
        server = null;
        return s == null ? Future.succeededFuture() : s.close();
    }

    private void route(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        // A client that hangs up mid-response is routine for a mock under fault tests; not worth a log line.
        response.exceptionHandler(e -> {});
        request.exceptionHandler(e -> {});
        String path = request.path();
        HttpMethod method = request.method();
        if (method == HttpMethod.POST && path.equals("/v1/chat/completions")) {
            withBody(request, body -> chat.handle(body, response));
        } else if (method == HttpMethod.POST && path.equals("/v1/embeddings")) {
            withBody(request, body -> embeddings(body, response));
        } else if (method == HttpMethod.GET && path.equals("/v1/models")) {
            MockDelay.after(clock, settings.latency(), () -> sendJson(response, models()));
        } else if (method == HttpMethod.GET && path.equals("/v1/models/" + MODEL_ID)) {
            MockDelay.after(clock, settings.latency(), () -> sendJson(response, model()));
        } else {
            MockDelay.after(clock, settings.latency(), () -> MockErrors.sendUnknownPath(response, method.name(), path));
        }
    }

    /**
     * Reads the body of a model call, after the configured error rate has had its draw: an
     * overloaded upstream fails a request whatever its content.
     */
    private void withBody(HttpServerRequest request, Consumer<Buffer> handler) {
        HttpServerResponse response = request.response();
        if (settings.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < settings.errorRate()) {
            MockDelay.after(clock, settings.latency(), () -> MockErrors.sendInjected(response, settings.errorStatus()));
            return;
        }
        request.body().onSuccess(body -> {
            try {
                handler.accept(body);
            } catch (RuntimeException e) {
                LOG.warn("mock upstream failed on {} {}", request.method(), request.path(), e);
                MockErrors.send(response, 500, "The mock provider failed: " + e, null, "server_error");
            }
        });
    }

    private void embeddings(Buffer body, HttpServerResponse response) {
        ObjectNode answer;
        try {
            answer = MockEmbeddings.respond(MockJson.parse(body));
        } catch (MockRejection rejection) {
            MockDelay.after(clock, settings.latency(), () -> MockErrors.send(response, rejection));
            return;
        }
        MockDelay.after(clock, settings.latency(), () -> sendJson(response, answer));
    }

    private ObjectNode models() {
        ObjectNode list = MockJson.object();
        list.put("object", "list");
        list.putArray("data").add(model());
        return list;
    }

    private ObjectNode model() {
        ObjectNode model = MockJson.object();
        model.put("id", MODEL_ID);
        model.put("object", "model");
        model.put("created", clock.instant().getEpochSecond());
        model.put("owned_by", "gatehouse-mock");
        return model;
    }

    private static void sendJson(HttpServerResponse response, ObjectNode body) {
        if (response.closed()) {
            return;
        }
        response.putHeader("Content-Type", "application/json");
        response.end(MockJson.buffer(body));
    }
}
