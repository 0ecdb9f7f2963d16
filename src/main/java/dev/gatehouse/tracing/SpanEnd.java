package dev.gatehouse.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.metering.GuardrailCheck;
import dev.gatehouse.metering.UsageRecord;
import dev.gatehouse.metering.UsageRecorder;
import dev.gatehouse.pipeline.Exchange;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.routing.Route;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Ends a request's server span once, with the GenAI attributes of its usage record (staged by the
 * meter, which runs inside the tracing stage, before the reply or a stream's end reaches here).
 * Puts prompt and answer text on the span only when {@code tracing.capture_content} was on for the
 * request ({@link ContentCapture}, PII-scrubbed); otherwise finish reasons and counts only.
 */
final class SpanEnd {

    private static final AttributeKey<List<String>> FINISH_REASONS =
            AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");

    private final Span span;
    private final Exchange ex;
    private final Set<String> finishReasons = new LinkedHashSet<>();
    private final @Nullable ContentCapture content;
    private boolean ended;

    SpanEnd(Span span, Exchange ex) {
        this.span = span;
        this.ex = ex;
        // Read from the request's own config snapshot, so a reload switches it for the next requests.
        this.content = span.isRecording() && ex.config().tracing().captureContent() ? new ContentCapture() : null;
    }

    Span span() {
        return span;
    }

    /** Notes the finish reasons of an OpenAI-shaped answer or chunk ({@code choices[].finish_reason}). */
    void noteFinishReasons(JsonNode answer) {
        if (content != null) {
            content.note(answer);
        }
        for (JsonNode choice : answer.path("choices")) {
            JsonNode reason = choice.path("finish_reason");
            if (reason.isTextual()) {
                finishReasons.add(reason.asText());
            }
        }
    }

    void unary(Reply.Unary reply) {
        if (span.isRecording() && reply.contentType().startsWith(Reply.Unary.JSON)) {
            Json.tryParse(reply.body()).ifPresent(this::noteFinishReasons);
        }
        finish(null, false);
    }

    void failed(@Nullable GatewayError error) {
        finish(error, false);
    }

    void clientGone() {
        finish(null, true);
    }

    /** Ends the span; a second call (a stream's end after the client left) does nothing. */
    void finish(@Nullable GatewayError error, boolean clientGone) {
        if (ended) {
            return;
        }
        ended = true;
        if (span.isRecording()) {
            describe(UsageRecorder.staged(ex), error, clientGone);
        }
        span.end();
    }

    private void describe(@Nullable UsageRecord record, @Nullable GatewayError error, boolean clientGone) {
        CanonicalRequest request = ex.find(CanonicalRequest.KEY);
        if (request != null) {
            span.setAttribute("gen_ai.operation.name", operation(request));
            span.setAttribute("gen_ai.request.model", request.model());
            if (content != null) {
                span.setAttribute("gen_ai.input.messages", ContentCapture.inputMessages(request.body()));
            }
        }
        String output = content == null ? null : content.outputMessages();
        if (output != null) {
            span.setAttribute("gen_ai.output.messages", output);
        }
        Route route = ex.find(Route.KEY);
        if (route != null) {
            span.setAttribute(
                    "gen_ai.provider.name", GenAiNames.provider(route.provider().type()));
            span.setAttribute("gen_ai.response.model", route.upstreamModel());
        }
        if (!finishReasons.isEmpty()) {
            span.setAttribute(FINISH_REASONS, new ArrayList<>(finishReasons));
        }
        String errorType = null;
        if (record != null) {
            setIfPresent("gatehouse.key_id", record.keyId());
            setIfPresent("gatehouse.team_id", record.teamId());
            setIfPresent("gatehouse.cache", record.cache());
            setIfPresent("gatehouse.deployment", record.deployment());
            setIfPresent("gatehouse.prompt.id", record.promptId());
            if (record.promptVersion() != null) {
                span.setAttribute("gatehouse.prompt.version", record.promptVersion());
            }
            setIfPresent("gatehouse.prompt.arm", record.promptArm());
            span.setAttribute("gatehouse.attempts", record.attempts());
            span.setAttribute("gatehouse.fallback", record.fallback());
            if (record.costUsd() != null) {
                span.setAttribute("gatehouse.cost_usd", record.costUsd());
            }
            if (record.ttftMs() != null) {
                span.setAttribute("gatehouse.ttft_ms", record.ttftMs());
            }
            span.setAttribute("gen_ai.usage.input_tokens", record.inputTokens());
            span.setAttribute("gen_ai.usage.output_tokens", record.outputTokens());
            span.setAttribute("gen_ai.usage.cache_read.input_tokens", record.cachedTokens());
            span.setAttribute("http.response.status_code", record.status());
            for (GuardrailCheck check : record.guardrails()) {
                // Finding types only: a guardrail's findings never hold the text found.
                span.addEvent(
                        "gatehouse.guardrail",
                        Attributes.builder()
                                .put("gatehouse.guardrail.name", check.name())
                                .put("gatehouse.guardrail.direction", check.direction())
                                .put("gatehouse.guardrail.action", check.action())
                                .put(
                                        "gatehouse.guardrail.findings",
                                        check.findings().toArray(String[]::new))
                                .put("gatehouse.guardrail.ms", check.ms())
                                .build());
            }
            errorType = record.errorType();
        }
        if (error != null) {
            errorType = error.code() != null ? error.code() : error.type();
            span.setAttribute("http.response.status_code", error.status());
        }
        if (clientGone) {
            errorType = UsageRecorder.CLIENT_CLOSED;
            span.setAttribute("http.response.status_code", UsageRecorder.CLIENT_GONE);
        }
        if (errorType != null) {
            span.setAttribute("error.type", errorType);
            span.setStatus(StatusCode.ERROR);
        }
    }

    private void setIfPresent(String key, @Nullable String value) {
        if (value != null) {
            span.setAttribute(key, value);
        }
    }

    /** The GenAI operation names of the semantic conventions. */
    private static String operation(CanonicalRequest request) {
        return switch (request.endpoint()) {
            case CHAT_COMPLETIONS -> "chat";
            case EMBEDDINGS -> "embeddings";
            case COMPLETIONS -> "text_completion";
            case RERANK -> "rerank";
            case AUDIO_TRANSCRIPTIONS -> "transcription";
            case AUDIO_TRANSLATIONS -> "translation";
            case AUDIO_SPEECH -> "speech";
            case IMAGES_GENERATIONS -> "image_generation";
        };
    }
}
