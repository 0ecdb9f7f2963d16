package dev.gatehouse.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What one Gemini {@code Candidate} (or one streamed piece of it) says, in the terms an OpenAI
 * choice needs. Shared by the unary and the streamed translation so both read parts and finish
 * reasons the same way.
 *
 * @param index the candidate's {@code index} (its position when absent)
 * @param text the text parts joined; parts marked {@code thought: true} are the model's thinking
 *     summary, not its answer, and are left out
 * @param calls the {@code functionCall} parts in order
 * @param finishReason Gemini's {@code finishReason}, or {@code null} while the candidate is unfinished
 */
record GeminiCandidate(
        int index, String text, List<Call> calls, @Nullable String finishReason) {

    /**
     * @param arguments the call's {@code args} as compact JSON ({@code {}} when absent)
     * @param thoughtSignature the part's {@code thoughtSignature}, or {@code null}
     */
    record Call(String name, String arguments, @Nullable String thoughtSignature) {}

    /**
     * Finish reasons that mean the output was withheld or cut by a filter (Candidate.FinishReason:
     * safety, recitation, unsupported language, blocklist, prohibited content, SPII, image safety).
     */
    private static final Set<String> FILTERED = Set.of(
            "SAFETY",
            "RECITATION",
            "LANGUAGE",
            "BLOCKLIST",
            "PROHIBITED_CONTENT",
            "SPII",
            "IMAGE_SAFETY",
            "IMAGE_PROHIBITED_CONTENT",
            "IMAGE_RECITATION");

    static GeminiCandidate read(JsonNode candidate, int position) {
        StringBuilder text = new StringBuilder();
        List<Call> calls = new ArrayList<>();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("thought").asBoolean(false)) {
                continue;
            }
            if (part.path("text").isTextual()) {
                text.append(part.path("text").asText());
            }
            JsonNode call = part.get("functionCall");
            if (call != null && call.isObject()) {
                String signature = part.path("thoughtSignature").isTextual()
                        ? part.path("thoughtSignature").asText()
                        : null;
                calls.add(new Call(call.path("name").asText(""), compact(call.get("args")), signature));
            }
        }
        String finish = candidate.path("finishReason").isTextual()
                ? candidate.path("finishReason").asText()
                : null;
        return new GeminiCandidate(candidate.path("index").asInt(position), text.toString(), calls, finish);
    }

    /**
     * The OpenAI finish_reason for a Gemini one. Gemini reports STOP when it stops to call functions,
     * so a turn with calls finishes with {@code tool_calls}. Reasons with no OpenAI counterpart
     * (OTHER, MALFORMED_FUNCTION_CALL, TOO_MANY_TOOL_CALLS, ...) end the turn normally.
     */
    static String openAiFinishReason(@Nullable String geminiReason, boolean hasCalls) {
        if ("MAX_TOKENS".equals(geminiReason)) {
            return "length";
        }
        if (geminiReason != null && FILTERED.contains(geminiReason)) {
            return "content_filter";
        }
        return hasCalls ? "tool_calls" : "stop";
    }

    private static String compact(JsonNode args) {
        if (args == null || args.isNull()) {
            return "{}";
        }
        try {
            return Json.MAPPER.writeValueAsString(args);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always serializes", e);
        }
    }
}
