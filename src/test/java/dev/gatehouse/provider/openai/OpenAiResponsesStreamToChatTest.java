package dev.gatehouse.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.error.GatewayError;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.testing.FakeUpstream;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiResponsesStreamToChatTest {

    private static String event(String type, String fields) {
        return "event: " + type + "\ndata: {\"type\":\"" + type + "\"" + fields + "}\n\n";
    }

    @Test
    void readsTextUsageAndEveryEventAsItsPassThrough() {
        OpenAiResponsesStreamToChat translator = new OpenAiResponsesStreamToChat("openai");
        List<StreamChunk> chunks = new ArrayList<>();
        List<Buffer> events = FakeUpstream.sseEvents("openai/response-hello-stream.sse");
        events.forEach(e -> translator.onBytes(e, chunks::add));
        translator.onEnd(chunks::add);

        StringBuilder text = new StringBuilder();
        StringBuilder relayed = new StringBuilder();
        for (StreamChunk c : chunks) {
            text.append(c.json()
                    .path("choices")
                    .path(0)
                    .path("delta")
                    .path("content")
                    .asText(""));
            if (c.passthrough() != null) {
                relayed.append(c.passthrough().toString());
            }
        }
        assertThat(text.toString())
                .isEqualTo("In a peaceful grove beneath a silver moon, a unicorn named Lumina slept.");
        StringBuilder original = new StringBuilder();
        events.forEach(e -> original.append(e.toString()));
        assertThat(relayed.toString()).isEqualTo(original.toString());
        assertThat(translator.reportedUsage().inputTokens()).isEqualTo(36);
        assertThat(translator.reportedUsage().outputTokens()).isEqualTo(87);
        assertThat(chunks.get(chunks.size() - 1).usageOnly()).isTrue();
    }

    @Test
    void readsParallelFunctionCallsAsIndexedToolCalls() {
        OpenAiResponsesStreamToChat translator = new OpenAiResponsesStreamToChat("openai");
        List<StreamChunk> chunks = new ArrayList<>();
        String stream = event(
                        "response.output_item.added",
                        ",\"output_index\":0,\"item\":{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_a\",\"name\":\"f\",\"arguments\":\"\"}")
                + event(
                        "response.output_item.added",
                        ",\"output_index\":1,\"item\":{\"type\":\"function_call\",\"id\":\"fc_2\",\"call_id\":\"call_b\",\"name\":\"g\",\"arguments\":\"\"}")
                + event("response.function_call_arguments.delta", ",\"item_id\":\"fc_2\",\"delta\":\"{}\"")
                + event(
                        "response.completed",
                        ",\"response\":{\"status\":\"completed\",\"usage\":{\"input_tokens\":5,\"output_tokens\":3,\"total_tokens\":8}}");
        translator.onBytes(Buffer.buffer(stream), chunks::add);
        translator.onEnd(chunks::add);

        assertThat(chunks.get(1)
                        .json()
                        .path("choices")
                        .path(0)
                        .path("delta")
                        .path("tool_calls")
                        .path(0)
                        .path("id")
                        .asText())
                .isEqualTo("call_b");
        assertThat(chunks.get(2)
                        .json()
                        .path("choices")
                        .path(0)
                        .path("delta")
                        .path("tool_calls")
                        .path(0)
                        .path("index")
                        .asInt())
                .isEqualTo(1);
        assertThat(chunks.get(3)
                        .json()
                        .path("choices")
                        .path(0)
                        .path("finish_reason")
                        .asText())
                .isEqualTo("tool_calls");
    }

    @Test
    void aFailedResponseOrAMissingEndIsAnError() {
        OpenAiResponsesStreamToChat failed = new OpenAiResponsesStreamToChat("openai");
        assertThatThrownBy(() -> failed.onBytes(
                        Buffer.buffer(
                                event(
                                        "response.failed",
                                        ",\"response\":{\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"boom\"}}")),
                        c -> {}))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.getMessage()).contains("boom"));

        OpenAiResponsesStreamToChat cut = new OpenAiResponsesStreamToChat("openai");
        cut.onBytes(Buffer.buffer(event("response.output_text.delta", ",\"delta\":\"Once\"")), c -> {});
        assertThatThrownBy(() -> cut.onEnd(c -> {}))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.code()).isEqualTo("stream_truncated"));
    }
}
