package dev.gatehouse.api.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.stream.SseDecoder;
import dev.gatehouse.stream.SseEvent;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiStreamToAnthropicTest {

    private final List<SseEvent> events = new ArrayList<>();
    private final SseDecoder decoder = new SseDecoder(events::add);

    private void feed(OpenAiStreamToAnthropic encoder, String fixture) {
        for (String data : Fixtures.sseData(fixture)) {
            if (!data.equals("[DONE]")) {
                JsonNode json = Json.parse(data);
                Buffer out = encoder.onChunk(new StreamChunk(
                        (com.fasterxml.jackson.databind.node.ObjectNode) json,
                        null,
                        json.path("choices").isEmpty() && json.path("usage").isObject()));
                if (out != null) {
                    decoder.feed(out);
                }
            }
        }
        decoder.feed(encoder.onEnd());
    }

    private List<String> names() {
        return events.stream().map(SseEvent::event).toList();
    }

    @Test
    void turnsAStreamedToolCallIntoAToolUseBlock() {
        feed(new OpenAiStreamToAnthropic(80, () -> null), "openai/chat-stream-tools.sse");

        assertThat(names())
                .containsExactly(
                        "message_start",
                        "ping",
                        "content_block_start",
                        "content_block_delta",
                        "content_block_delta",
                        "content_block_stop",
                        "message_delta",
                        "message_stop");
        JsonNode start = Json.parse(events.get(2).data());
        assertThat(start.path("content_block").path("type").asText()).isEqualTo("tool_use");
        assertThat(start.path("content_block").path("id").asText()).isEqualTo("call_abc123");
        assertThat(start.path("content_block").path("name").asText()).isEqualTo("get_weather");
        String json = Json.parse(events.get(3).data())
                        .path("delta")
                        .path("partial_json")
                        .asText()
                + Json.parse(events.get(4).data())
                        .path("delta")
                        .path("partial_json")
                        .asText();
        assertThat(Json.parse(json).path("location").asText()).isEqualTo("Boston, MA");
        JsonNode delta = Json.parse(events.get(6).data());
        assertThat(delta.path("delta").path("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(delta.path("usage").path("input_tokens").asInt()).isEqualTo(82);
        assertThat(delta.path("usage").path("output_tokens").asInt()).isEqualTo(17);
    }

    @Test
    void putsTheEstimateInMessageStartAndTheRealSplitUsageInMessageDelta() {
        feed(new OpenAiStreamToAnthropic(30, () -> new Usage(12, 4, 2, 9, false)), "openai/chat-hello-stream.sse");

        assertThat(Json.parse(events.get(0).data())
                        .path("message")
                        .path("usage")
                        .path("input_tokens")
                        .asInt())
                .isEqualTo(30);
        JsonNode usage = Json.parse(events.get(events.size() - 2).data()).path("usage");
        assertThat(usage.path("input_tokens").asInt()).isEqualTo(6);
        assertThat(usage.path("cache_read_input_tokens").asInt()).isEqualTo(4);
        assertThat(usage.path("cache_creation_input_tokens").asInt()).isEqualTo(2);
        assertThat(usage.path("output_tokens").asInt()).isEqualTo(9);
    }

    @Test
    void writesAnErrorEvent() {
        decoder.feed(new OpenAiStreamToAnthropic(1, () -> null)
                .onError(GatewayError.of(ErrorKind.UNAVAILABLE, "Overloaded", null, "upstream_unavailable")));

        assertThat(events.get(0).event()).isEqualTo("error");
        assertThat(Json.parse(events.get(0).data()).path("error").path("type").asText())
                .isEqualTo("overloaded_error");
    }
}
