package dev.gatehouse.provider.mock;

import dev.gatehouse.config.MockSettings;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Answers {@code POST /v1/chat/completions}: validates the request, applies its directives (delay,
 * injected status, truncation, pacing, length), and sends the simulated completion as one JSON body
 * or as a stream. Called on the event loop of the request's connection; never blocks, and delays
 * with Vert.x timers. Thread-safe: it holds only immutable configuration.
 */
final class MockChatHandler {

    private static final int COMPLETION_ID_LENGTH = 29;

    private final MockSettings settings;
    private final GatewayClock clock;

    MockChatHandler(MockSettings settings, GatewayClock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    void handle(Buffer body, HttpServerResponse response) {
        MockChatRequest request;
        try {
            request = MockChatRequest.parse(MockJson.parse(body));
        } catch (MockRejection rejection) {
            MockDelay.after(clock, settings.latency(), () -> MockErrors.send(response, rejection));
            return;
        }
        MockDirectives directives = request.directives();
        Duration latency = directives.latency().orElse(settings.latency());
        if (directives.status().isPresent()) {
            int status = directives.status().getAsInt();
            MockDelay.after(clock, latency, () -> MockErrors.sendInjected(response, status));
            return;
        }
        MockDelay.after(clock, latency, () -> answer(request, response));
    }

    private void answer(MockChatRequest request, HttpServerResponse response) {
        if (response.closed()) {
            return;
        }
        MockCompletion completion = MockChatReply.generate(request, settings);
        String id = MockText.id("chatcmpl-", COMPLETION_ID_LENGTH, ThreadLocalRandom.current());
        long created = clock.instant().getEpochSecond();
        int truncate = request.directives().truncate().orElse(-1);
        if (request.stream()) {
            MockChatChunks chunks = MockChatChunks.of(completion, id, created, request.model(), request.includeUsage());
            Duration interval = request.directives().interval().orElse(settings.chunkInterval());
            MockStreamWriter.start(clock, response, chunks, interval, truncate);
            return;
        }
        byte[] json = MockJson.bytes(MockChatBody.build(completion, id, created, request.model()));
        response.putHeader("Content-Type", "application/json");
        if (truncate < 0) {
            response.end(Buffer.buffer(json));
            return;
        }
        // Announce the whole length and send half, so the client sees a body cut short, not a short body.
        response.putHeader("Content-Length", Integer.toString(json.length));
        MockErrors.cutAfter(response.write(Buffer.buffer(json).slice(0, json.length / 2)), response);
    }
}
