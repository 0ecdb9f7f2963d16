package dev.gatehouse.provider.mock;

import java.util.List;

/**
 * What the simulated model produced for one request, independent of how it is sent (one JSON body
 * or a stream of chunks), so both wire forms carry the same content. Immutable.
 *
 * @param choices one per requested {@code n}, in index order
 * @param promptTokens the prompt's token count
 * @param completionTokens the generated tokens of all choices together
 */
record MockCompletion(List<Choice> choices, int promptTokens, int completionTokens) {

    /** One generated alternative: either text or a tool call. */
    sealed interface Choice permits Text, ToolCall {

        int index();

        String finishReason();
    }

    /**
     * A text answer.
     *
     * @param pieces the stream deltas, one word each with its following space, which concatenate to the content
     * @param finishReason {@code stop}, or {@code length} when the token limit cut the text
     */
    record Text(int index, List<String> pieces, String finishReason) implements Choice {

        String content() {
            return String.join("", pieces);
        }
    }

    /**
     * A call of one function tool.
     *
     * @param id the call's id, which the client echoes back in its {@code tool} message
     * @param arguments the arguments as a JSON string, as OpenAI sends them
     */
    record ToolCall(int index, String id, String name, String arguments) implements Choice {

        @Override
        public String finishReason() {
            return "tool_calls";
        }
    }
}
