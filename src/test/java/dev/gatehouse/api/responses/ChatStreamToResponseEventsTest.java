package dev.gatehouse.api.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatStreamToResponseEventsTest {

    private static final ResponseFrame FRAME =
            new ResponseFrame("resp_1", 1_700_000_000L, (ObjectNode) Json.parse("{\"model\":\"m\",\"input\":\"x\"}"));

    private static StreamChunk chunk(String delta, String finish) {
        return new StreamChunk(
                (ObjectNode) Json.parse(
                        "{\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]}"),
                null,
                false);
    }

    private static List<JsonNode> events(Buffer... buffers) {
        List<JsonNode> events = new ArrayList<>();
        for (Buffer b : buffers) {
            if (b == null) {
                continue;
            }
            for (String line : b.toString().split("\n")) {
                if (line.startsWith("data: ")) {
                    events.add(Json.parse(line.substring(6)));
                }
            }
        }
        return events;
    }

    @Test
    void interleavedTextAndToolCallsBecomeSeparateItemsInOrder() {
        ChatStreamToResponseEvents encoder = new ChatStreamToResponseEvents(FRAME, () -> new Usage(10, 0, 0, 5, false));
        List<JsonNode> events = events(
                encoder.onChunk(chunk("{\"content\":\"Let me check.\"}", "null")),
                encoder.onChunk(chunk(
                        "{\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\"\"}}]}",
                        "null")),
                encoder.onChunk(chunk(
                        "{\"tool_calls\":[{\"index\":1,\"id\":\"c2\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]}",
                        "null")),
                encoder.onChunk(chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\":1}\"}}]}", "null")),
                encoder.onChunk(chunk("{}", "\"tool_calls\"")),
                encoder.onEnd());

        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("sequence_number").asInt()).isEqualTo(i);
        }
        JsonNode completed = events.get(events.size() - 1);
        assertThat(completed.path("type").asText()).isEqualTo("response.completed");
        JsonNode output = completed.path("response").path("output");
        assertThat(output)
                .extracting(n -> n.path("type").asText())
                .containsExactly("message", "function_call", "function_call");
        assertThat(output.get(1).path("arguments").asText()).isEqualTo("{\"a\":1}");
        assertThat(output.get(2).path("call_id").asText()).isEqualTo("c2");
        assertThat(completed.path("response").path("usage").path("total_tokens").asInt())
                .isEqualTo(15);
        assertThat(events.stream()
                        .filter(e -> e.path("type").asText().equals("response.function_call_arguments.delta"))
                        .map(e -> e.path("output_index").asInt()))
                .containsExactly(1, 2, 1);
        assertThat(encoder.completedResponse()).isSameAs(encoder.completedResponse());
    }

    @Test
    void aLengthStopIsIncompleteAndABreakIsAFailureNeverACompletion() {
        ChatStreamToResponseEvents stopped = new ChatStreamToResponseEvents(FRAME, () -> null);
        List<JsonNode> incomplete =
                events(stopped.onChunk(chunk("{\"content\":\"Once\"}", "\"length\"")), stopped.onEnd());
        JsonNode last = incomplete.get(incomplete.size() - 1);
        assertThat(last.path("type").asText()).isEqualTo("response.incomplete");
        assertThat(last.path("response")
                        .path("incomplete_details")
                        .path("reason")
                        .asText())
                .isEqualTo("max_output_tokens");

        ChatStreamToResponseEvents broken = new ChatStreamToResponseEvents(FRAME, () -> null);
        List<JsonNode> failed = events(
                broken.onChunk(chunk("{\"content\":\"Once\"}", "null")),
                broken.onError(GatewayError.invalid("upstream went away", null)));
        assertThat(failed)
                .extracting(e -> e.path("type").asText())
                .endsWith("response.output_text.delta", "error", "response.failed")
                .doesNotContain("response.completed");
        assertThat(failed.get(failed.size() - 1)
                        .path("response")
                        .path("output")
                        .get(0)
                        .path("status")
                        .asText())
                .isEqualTo("incomplete");
    }
}
