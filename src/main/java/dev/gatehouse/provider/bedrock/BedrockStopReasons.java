package dev.gatehouse.provider.bedrock;

/**
 * Bedrock's {@code stopReason} as an OpenAI {@code finish_reason}. The values are the
 * {@code StopReason} enum of the Bedrock Runtime API reference: {@code end_turn}, {@code tool_use},
 * {@code max_tokens}, {@code stop_sequence}, {@code guardrail_intervened}, {@code content_filtered}.
 */
final class BedrockStopReasons {

    private BedrockStopReasons() {}

    static String toFinishReason(String stopReason) {
        return switch (stopReason) {
            case "max_tokens" -> "length";
            case "tool_use" -> "tool_calls";
            case "guardrail_intervened", "content_filtered" -> "content_filter";
            // end_turn, stop_sequence, and any value added to the enum later: the model stopped on its own.
            default -> "stop";
        };
    }
}
