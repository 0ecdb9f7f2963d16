package dev.gatehouse.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.config.Timeouts;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.provider.StreamTranslator;
import dev.gatehouse.provider.UpstreamFailures;
import dev.gatehouse.stream.ChunkStream;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.time.GatewayClock;
import dev.gatehouse.usage.TokenCounter;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A provider's streamed response, read with back-pressure and translated chunk by chunk as it
 * arrives: nothing is buffered beyond the chunk being decoded.
 *
 * <p>Enforces the idle timeout (silence from the provider while the client is keeping up) and the
 * total timeout. When the provider reports no usage, it estimates it from the prompt and from the
 * text it forwarded, marked as estimated, so an aborted stream is still charged for what it
 * generated.
 */
final class UpstreamChunkStream implements ChunkStream {

    private final GatewayClock clock;
    private final UpstreamClient.Call call;
    private final StreamTranslator translator;
    private final CanonicalRequest request;
    private final Timeouts timeouts;
    private final String provider;
    private final Promise<Usage> usage = Promise.promise();
    private final StringBuilder generated = new StringBuilder();

    private @Nullable Sink sink;
    private boolean done;
    private boolean paused;
    private long lastActivityNanos;
    private GatewayClock.Timer idleTimer = GatewayClock.Timer.NONE;
    private GatewayClock.Timer totalTimer = GatewayClock.Timer.NONE;

    UpstreamChunkStream(
            GatewayClock clock,
            UpstreamClient.Call call,
            StreamTranslator translator,
            CanonicalRequest request,
            Timeouts timeouts,
            String provider) {
        this.clock = clock;
        this.call = call;
        this.translator = translator;
        this.request = request;
        this.timeouts = timeouts;
        this.provider = provider;
    }

    @Override
    public void start(Sink sink) {
        this.sink = sink;
        lastActivityNanos = clock.nanoTime();
        armIdleTimer(timeouts.idle());
        totalTimer = clock.schedule(
                timeouts.total(), () -> fail(UpstreamFailures.timeout(provider, "before finishing the stream")));
        call.response()
                .handler(this::onBytes)
                .exceptionHandler(e -> fail(UpstreamFailures.connectionLost(provider)))
                .endHandler(v -> onUpstreamEnd());
        call.response().resume();
    }

    private void onBytes(Buffer bytes) {
        if (done) {
            return;
        }
        lastActivityNanos = clock.nanoTime();
        try {
            translator.onBytes(bytes, this::emit);
        } catch (GatewayError e) {
            fail(e);
        }
    }

    private void emit(StreamChunk chunk) {
        if (done) {
            return;
        }
        collectText(chunk.json().path("choices"));
        sink().onChunk(chunk);
    }

    private void collectText(JsonNode choices) {
        for (JsonNode choice : choices) {
            AnsweredText.append(generated, choice.path("delta"));
        }
    }

    private void onUpstreamEnd() {
        if (done) {
            return;
        }
        try {
            translator.onEnd(this::emit);
        } catch (GatewayError e) {
            fail(e);
            return;
        }
        if (done) {
            return;
        }
        finish();
        sink().onEnd();
    }

    private void armIdleTimer(Duration delay) {
        idleTimer = clock.schedule(delay, () -> {
            if (done) {
                return;
            }
            long silent = clock.nanoTime() - lastActivityNanos;
            long limit = timeouts.idle().toNanos();
            if (paused || silent < limit) {
                armIdleTimer(Duration.ofNanos(paused ? limit : limit - silent));
            } else {
                fail(UpstreamFailures.timeout(
                        provider, "after " + timeouts.idle().toSeconds() + "s without sending stream data"));
            }
        });
    }

    @Override
    public void pause() {
        paused = true;
        call.response().pause();
    }

    @Override
    public void resume() {
        paused = false;
        lastActivityNanos = clock.nanoTime();
        call.response().resume();
    }

    @Override
    public void cancel() {
        if (done) {
            return;
        }
        finish();
        call.abort();
    }

    private void fail(GatewayError error) {
        if (done) {
            return;
        }
        finish();
        call.abort();
        sink().onError(error);
    }

    private void finish() {
        done = true;
        idleTimer.cancel();
        totalTimer.cancel();
        usage.tryComplete(finalUsage());
    }

    private Usage finalUsage() {
        Usage reported = translator.reportedUsage();
        if (reported != null) {
            return reported;
        }
        long output = TokenCounter.count(request.model(), generated.toString());
        Usage prompt = translator.promptUsage();
        if (prompt != null) {
            // The provider's prompt counts are exact; only what was generated is estimated.
            return new Usage(
                    prompt.inputTokens(),
                    prompt.cachedInputTokens(),
                    prompt.cacheWriteTokens(),
                    prompt.cacheWrite1hTokens(),
                    output,
                    0,
                    true);
        }
        long input = TokenCounter.countMessages(request.model(), request.body().path("messages"));
        return new Usage(input, 0, 0, output, true);
    }

    @Override
    public Future<Usage> usage() {
        return usage.future();
    }

    private Sink sink() {
        return Objects.requireNonNull(sink, "the stream reads the upstream body only after start(sink)");
    }
}
