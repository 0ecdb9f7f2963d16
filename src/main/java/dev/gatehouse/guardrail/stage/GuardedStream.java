package dev.gatehouse.guardrail.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.guardrail.GuardrailText;
import dev.gatehouse.stream.ChunkStream;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A streamed answer under output guardrails and placeholder restoring. Each choice's text is held
 * until {@code windowChars} of it are unchecked (or the choice finishes), then that window is
 * checked and sent as the guardrails left it; a block ends the stream with an error event in the
 * client's format. While a check runs the upstream is paused and later chunks wait their turn, so
 * order is kept. Restored text holds back only what could still be the start of a placeholder.
 * Windows are checked one by one: a finding split across two windows can pass, which a larger
 * window makes less likely at the price of latency. Provider events relayed as they came
 * ({@link StreamChunk#passthrough}) are dropped, so the client's writer translates the checked
 * chunks. Event loop only.
 */
final class GuardedStream implements ChunkStream {

    private final ChunkStream upstream;
    private final List<ArmedGuardrail> guardrails;
    private final Map<String, String> restore;
    private final GuardrailRun run;
    private final Function<List<String>, GuardrailText> texts;
    private final Function<GuardrailRun.Blocked, GatewayError> blockedError;
    private final int windowChars;

    private final Map<Integer, StringBuilder> pending = new HashMap<>();
    private final Map<Integer, PlaceholderRestorer> restorers = new HashMap<>();
    private final Deque<StreamChunk> queue = new ArrayDeque<>();
    private @Nullable Sink sink;
    private @Nullable ObjectNode template;
    private boolean busy;
    private boolean ended;
    private @Nullable GatewayError upstreamError;
    private boolean downstreamPaused;
    private boolean done;

    GuardedStream(
            ChunkStream upstream,
            List<ArmedGuardrail> guardrails,
            Map<String, String> restore,
            GuardrailRun run,
            Function<List<String>, GuardrailText> texts,
            Function<GuardrailRun.Blocked, GatewayError> blockedError,
            int windowChars) {
        this.upstream = upstream;
        this.guardrails = List.copyOf(guardrails);
        this.restore = Map.copyOf(restore);
        this.run = run;
        this.texts = texts;
        this.blockedError = blockedError;
        this.windowChars = guardrails.isEmpty() ? 0 : windowChars;
    }

    @Override
    public void start(Sink sink) {
        this.sink = sink;
        upstream.start(new Sink() {
            @Override
            public void onChunk(StreamChunk chunk) {
                queue.add(chunk);
                drain();
            }

            @Override
            public void onEnd() {
                ended = true;
                drain();
            }

            @Override
            public void onError(GatewayError error) {
                upstreamError = error;
                ended = true;
                drain();
            }
        });
    }

    private void drain() {
        while (!busy && !done) {
            StreamChunk chunk = queue.poll();
            if (chunk == null) {
                if (ended) {
                    finish();
                }
                return;
            }
            take(chunk);
        }
    }

    /** Moves the chunk's text into the held text and sends the rest of it, after any check it waits for. */
    private void take(StreamChunk chunk) {
        ObjectNode json = chunk.json().deepCopy();
        if (json.has("id")) {
            template = json;
        }
        boolean finishing = false;
        for (JsonNode choice : json.path("choices")) {
            int index = choice.path("index").asInt();
            JsonNode content = choice.path("delta").path("content");
            if (content.isTextual()) {
                pending.computeIfAbsent(index, i -> new StringBuilder()).append(content.asText());
                ((ObjectNode) choice.path("delta")).remove("content");
            }
            finishing |= !choice.path("finish_reason").isNull()
                    && !choice.path("finish_reason").isMissingNode();
        }
        StreamChunk rest = withoutEmptyChoices(json, chunk);
        boolean last = finishing || chunk.usageOnly();
        checkAll(last ? 0 : windowChars, last, rest);
    }

    /**
     * Checks and sends every choice's held text of at least {@code atLeast} characters, then (when
     * {@code last}) what the restorers hold, then {@code then}.
     */
    private void checkAll(int atLeast, boolean last, @Nullable StreamChunk then) {
        for (Map.Entry<Integer, StringBuilder> e : pending.entrySet()) {
            if (e.getValue().length() > 0 && e.getValue().length() >= atLeast) {
                int index = e.getKey();
                String window = e.getValue().toString();
                e.getValue().setLength(0);
                if (guardrails.isEmpty()) {
                    release(index, window);
                    continue;
                }
                busy = true;
                upstream.pause();
                run.run(guardrails, texts.apply(List.of(window))).onComplete(checked -> {
                    busy = false;
                    if (done) {
                        return;
                    }
                    if (checked.failed()) {
                        fail(GatewayError.internal(checked.cause()));
                        return;
                    }
                    GuardrailRun.Outcome outcome = checked.result();
                    if (outcome.blocked() != null) {
                        fail(blockedError.apply(outcome.blocked()));
                        return;
                    }
                    release(index, outcome.segments().get(0));
                    if (!downstreamPaused) {
                        upstream.resume();
                    }
                    checkAll(atLeast, last, then);
                    drain();
                });
                return;
            }
        }
        if (last) {
            flushRestorers();
        }
        if (then != null) {
            send(then);
        }
    }

    private void release(int index, String text) {
        PlaceholderRestorer restorer = restorers.computeIfAbsent(index, i -> new PlaceholderRestorer(restore));
        sendText(index, restorer.feed(text));
    }

    private void flushRestorers() {
        for (Map.Entry<Integer, PlaceholderRestorer> e : restorers.entrySet()) {
            sendText(e.getKey(), e.getValue().flush());
        }
    }

    private void sendText(int index, String text) {
        if (text.isEmpty() || template == null) {
            return;
        }
        ObjectNode json = template.deepCopy();
        json.remove("usage");
        ArrayNode choices = json.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", index);
        choice.putObject("delta").put("content", text);
        choice.putNull("finish_reason");
        send(new StreamChunk(json, null, false));
    }

    private void finish() {
        if (upstreamError != null) {
            fail(upstreamError);
            return;
        }
        checkAll(0, true, null);
        if (busy) {
            return; // the check's completion drains again and comes back here
        }
        done = true;
        sinkOrFail().onEnd();
    }

    private void fail(GatewayError error) {
        if (done) {
            return;
        }
        done = true;
        if (upstreamError == null) {
            upstream.cancel();
        }
        sinkOrFail().onError(error);
    }

    private void send(StreamChunk chunk) {
        sinkOrFail().onChunk(chunk);
    }

    private Sink sinkOrFail() {
        if (sink == null) {
            throw new IllegalStateException("not started");
        }
        return sink;
    }

    /**
     * The chunk without the choices it only carried text for, and without the provider events beside
     * it; {@code null} when nothing is left to send.
     */
    private static @Nullable StreamChunk withoutEmptyChoices(ObjectNode json, StreamChunk original) {
        JsonNode choices = json.path("choices");
        if (choices.isArray()) {
            Iterator<JsonNode> it = choices.elements();
            while (it.hasNext()) {
                JsonNode choice = it.next();
                boolean finished = choice.hasNonNull("finish_reason");
                if (!finished && choice.path("delta").isEmpty() && !choice.hasNonNull("logprobs")) {
                    it.remove();
                }
            }
            if (choices.isEmpty() && !original.json().path("choices").isEmpty() && !original.hasUsage()) {
                return null;
            }
        }
        if (!choices.isArray() || choices.isEmpty()) {
            if (!original.hasUsage()) {
                return null;
            }
        }
        return new StreamChunk(json, null, original.usageOnly(), null);
    }

    @Override
    public void pause() {
        downstreamPaused = true;
        upstream.pause();
    }

    @Override
    public void resume() {
        downstreamPaused = false;
        if (!busy) {
            upstream.resume();
        }
    }

    @Override
    public void cancel() {
        done = true;
        upstream.cancel();
    }

    @Override
    public Future<Usage> usage() {
        return upstream.usage();
    }
}
