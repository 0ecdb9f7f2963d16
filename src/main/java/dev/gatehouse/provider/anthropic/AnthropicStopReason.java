package dev.gatehouse.provider.anthropic;

import org.jspecify.annotations.Nullable;

/**
 * Anthropic's {@code stop_reason} as OpenAI's {@code finish_reason} (docs.anthropic.com, "Handling
 * stop reasons").
 */
final class AnthropicStopReason {

    private AnthropicStopReason() {}

    static String toFinishReason(@Nullable String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            // Streaming classifiers stopped the answer for a policy violation ("Streaming refusals").
            case "refusal" -> "content_filter";
            // end_turn, stop_sequence, and pause_turn (a server tool paused a long turn; the text so far
            // is a complete answer to the client, who may continue the conversation).
            default -> "stop";
        };
    }
}
