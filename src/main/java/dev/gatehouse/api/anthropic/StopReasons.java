package dev.gatehouse.api.anthropic;

/** OpenAI finish reasons as Anthropic stop reasons. */
final class StopReasons {

    private StopReasons() {}

    static String fromOpenAi(String finishReason) {
        if (finishReason == null) {
            return "end_turn";
        }
        return switch (finishReason) {
            case "length" -> "max_tokens";
            case "tool_calls", "function_call" -> "tool_use";
            case "content_filter" -> "refusal";
            default -> "end_turn";
        };
    }
}
