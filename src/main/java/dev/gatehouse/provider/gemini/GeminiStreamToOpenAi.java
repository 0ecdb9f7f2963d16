package dev.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.ChatCompletions;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.provider.SseJsonTranslator;
import dev.gatehouse.provider.UpstreamFailures;
import dev.gatehouse.stream.ChunkFactory;
import dev.gatehouse.stream.SseEvent;
import dev.gatehouse.usage.Usage;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@code streamGenerateContent?alt=sse}: each {@code data:} event holds one
 * GenerateContentResponse with the next piece of each candidate (Gemini API cookbook, "Streaming
 * Quickstart with REST"). There is no end marker; a candidate is done when it carries a
 * {@code finishReason}, and the body then ends.
 *
 * <p>Text parts become content deltas as they arrive. A function call arrives whole in one part, so
 * it becomes a tool-call start chunk followed at once by its complete arguments. Finish chunks and
 * the usage chunk are written when the body ends: older models repeat {@code finishReason: STOP} on
 * every event (the cookbook's gemini-pro output does), so the first finishReason seen does not
 * prove the candidate is over, and {@code usageMetadata} is cumulative, so only the last one counts.
 * A stream whose candidates never reported a finishReason was cut short.
 *
 * <p>An event holding {@code {"error": {...}}} after the 200 (Gemini sends one when the model
 * becomes overloaded mid-answer: code 503, status UNAVAILABLE) becomes the mapped error.
 *
 * <p>One instance per stream; not thread-safe; runs on the event loop and never blocks.
 */
final class GeminiStreamToOpenAi extends SseJsonTranslator {

    /** What the stream has said about one choice so far. */
    private static final class Choice {
        int calls;

        @Nullable
        String finishReason;
    }

    /**
     * The finishReason given to the choice of a blocked prompt, which has no candidate to carry one:
     * it ends like a candidate stopped for safety, with {@code content_filter}.
     */
    private static final String PROMPT_BLOCKED = "SAFETY";

    private final String model;
    private final Map<Integer, Choice> choices = new TreeMap<>();
    private @Nullable ChunkFactory factory;
    private @Nullable Usage usage;
    /** Whether the body ended with every candidate finished, so {@link #usage} is the final count. */
    private boolean complete;

    GeminiStreamToOpenAi(String provider, String model) {
        super(provider);
        this.model = model;
    }

    @Override
    protected void onJson(SseEvent event, ObjectNode json) {
        if (json.has("error")) {
            fail(GeminiErrors.fromStreamError(provider, json.get("error")));
            return;
        }
        JsonNode candidates = json.path("candidates");
        if (!candidates.isArray() && !json.has("promptFeedback") && !json.has("usageMetadata")) {
            fail(UpstreamFailures.badResponse(provider, "a stream event that is not a Gemini GenerateContentResponse"));
            return;
        }
        if (factory == null) {
            factory = new ChunkFactory(GeminiToOpenAiResponse.completionId(json), ChatCompletions.now(), model);
        }
        Usage reported = GeminiUsage.from(json.get("usageMetadata"));
        if (reported != null) {
            usage = reported;
        }
        for (int i = 0; i < candidates.size(); i++) {
            emit(GeminiCandidate.read(candidates.get(i), i));
        }
        if (candidates.isEmpty()
                && json.path("promptFeedback").path("blockReason").isTextual()) {
            choice(0).finishReason = PROMPT_BLOCKED;
        }
    }

    private void emit(GeminiCandidate candidate) {
        int index = candidate.index();
        Choice choice = choice(index);
        if (!candidate.text().isEmpty()) {
            emit(factory().text(index, candidate.text()));
        }
        for (GeminiCandidate.Call call : candidate.calls()) {
            int n = choice.calls++;
            emit(factory().toolCallStart(index, n, GeminiToolCallIds.encode(n, call.thoughtSignature()), call.name()));
            emit(factory().toolCallArguments(index, n, call.arguments()));
        }
        if (candidate.finishReason() != null) {
            choice.finishReason = candidate.finishReason();
        }
    }

    /** The choice's state; its first mention also opens it with the assistant role chunk. */
    private Choice choice(int index) {
        Choice choice = choices.get(index);
        if (choice == null) {
            choice = new Choice();
            choices.put(index, choice);
            emit(factory().role(index));
        }
        return choice;
    }

    @Override
    protected void onStreamEnd() {
        if (choices.isEmpty() || choices.values().stream().anyMatch(c -> c.finishReason == null)) {
            throw GatewayError.of(
                    ErrorKind.BAD_UPSTREAM_RESPONSE,
                    "Provider '" + provider + "' ended the stream before it was complete.",
                    null,
                    "stream_truncated");
        }
        choices.forEach((index, choice) -> emit(
                factory().finish(index, GeminiCandidate.openAiFinishReason(choice.finishReason, choice.calls > 0))));
        complete = true;
        if (usage != null) {
            emit(factory().usage(usage));
        }
    }

    /**
     * Null until the stream ended complete: {@code usageMetadata} grows with each event, so before
     * the last one its candidates count is only part of the output (or absent). A stream cut short
     * keeps the prompt counts ({@link #promptUsage()}) and has its output estimated.
     */
    @Override
    public @Nullable Usage reportedUsage() {
        return complete ? usage : null;
    }

    /** The prompt counts of the last {@code usageMetadata}: they are exact from the first event on. */
    @Override
    public @Nullable Usage promptUsage() {
        return usage;
    }

    /** The factory made by the first event; every choice, and so every chunk, comes after it. */
    private ChunkFactory factory() {
        return Objects.requireNonNull(factory, "onJson makes the factory before any choice exists");
    }
}
