package dev.gatehouse.provider.cohere;

/**
 * Cohere's {@code finish_reason} in OpenAI's terms. The v2 Chat reference (ChatFinishReason) lists
 * COMPLETE, STOP_SEQUENCE, MAX_TOKENS ("the number of generated tokens exceeded the model's context
 * length or the value specified via the max_tokens parameter"), TOOL_CALL, ERROR ("the generation
 * failed due to an internal error") and TIMEOUT ("the generation was stopped because it exceeded
 * the allowed time limit"). There is no content-filter reason: Cohere's safety modes make the model
 * refuse in text ("Safety Modes" guide).
 */
final class CohereFinishReason {

    private CohereFinishReason() {}

    /** Whether the reason means the answer failed (it is an error, not a finished answer). */
    static boolean isFailure(String reason) {
        return "ERROR".equals(reason) || "TIMEOUT".equals(reason);
    }

    /**
     * The OpenAI {@code finish_reason}. Cohere's SDKs type the enum as open, so a reason added later
     * reads as {@code stop}, or {@code tool_calls} when the answer calls tools.
     */
    static String toOpenAi(String reason, boolean hasToolCalls) {
        if ("MAX_TOKENS".equals(reason)) {
            return "length";
        }
        if ("TOOL_CALL".equals(reason) || hasToolCalls) {
            return "tool_calls";
        }
        return "stop";
    }
}
