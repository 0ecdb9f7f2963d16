package dev.gatehouse.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Anthropic stream events as OpenAI chunks, whatever the network's chunk boundaries. */
class AnthropicStreamToOpenAiTest {

    private final AnthropicStreamToOpenAi translator =
            new AnthropicStreamToOpenAi(AnthropicTestRoutes.PROVIDER, AnthropicTestRoutes.MODEL);
    private final List<StreamChunk> chunks = new ArrayList<>();

    /** Feeds {@code text} cut at random places; odd seeds send CRLF line ends, which pieces may split. */
    private void feedInRandomPieces(String text, long seed) {
        byte[] bytes = (seed % 2 == 1 ? text.replace("\n", "\r\n") : text).getBytes(StandardCharsets.UTF_8);
        Random random = new Random(seed);
        int at = 0;
        while (at < bytes.length) {
            int length = Math.min(bytes.length - at, 1 + random.nextInt(40));
            translator.onBytes(Buffer.buffer().appendBytes(bytes, at, length), chunks::add);
            at += length;
        }
    }

    private void feed(String text) {
        translator.onBytes(Buffer.buffer(text), chunks::add);
    }

    private List<JsonNode> deltas() {
        return chunks.stream()
                .filter(c -> !c.usageOnly())
                .map(c -> c.json().path("choices").path(0).path("delta"))
                .toList();
    }

    private String text() {
        return deltas().stream().map(d -> d.path("content").asText("")).collect(Collectors.joining());
    }

    private List<String> finishes() {
        return chunks.stream()
                .map(c -> c.json().path("choices").path(0).path("finish_reason"))
                .filter(JsonNode::isTextual)
                .map(JsonNode::asText)
                .toList();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34})
    void translatesATextStreamCutAnywhere(long seed) {
        feedInRandomPieces(Fixtures.text("anthropic/message-hello-stream.sse"), seed);
        translator.onEnd(chunks::add);

        assertThat(deltas().get(0).path("role").asText())
                .as("the role comes first")
                .isEqualTo("assistant");
        assertThat(text()).isEqualTo("Hello! How can I help you today?");
        assertThat(deltas().stream()
                        .filter(d -> !d.path("content").asText("").isEmpty())
                        .count())
                .isEqualTo(3);
        assertThat(finishes()).containsExactly("stop");
        StreamChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.usageOnly()).as("usage comes last, alone").isTrue();
        assertThat(last.json().path("usage").path("prompt_tokens").asInt()).isEqualTo(12);
        assertThat(last.json().path("usage").path("completion_tokens").asInt()).isEqualTo(9);
        assertThat(chunks.stream().filter(StreamChunk::usageOnly)).hasSize(1);
        assertThat(translator.reportedUsage()).isEqualTo(new Usage(12, 0, 0, 9, false));
    }

    /**
     * For a /v1/messages client every event goes on as it came, exactly once and in order, while
     * the canonical chunks (for metering and estimates) stay what they would be without the relay.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34})
    void relaysEveryEventUnchangedBesideTheCanonicalChunks(long seed) {
        String events = Fixtures.text("anthropic/message-thinking-tool-stream.sse");
        AnthropicStreamToOpenAi relay =
                new AnthropicStreamToOpenAi(AnthropicTestRoutes.PROVIDER, AnthropicTestRoutes.MODEL, true);
        List<StreamChunk> relayed = new ArrayList<>();
        byte[] bytes = events.getBytes(StandardCharsets.UTF_8);
        Random random = new Random(seed);
        for (int at = 0; at < bytes.length; ) {
            int length = Math.min(bytes.length - at, 1 + random.nextInt(40));
            relay.onBytes(Buffer.buffer().appendBytes(bytes, at, length), relayed::add);
            at += length;
        }
        relay.onEnd(relayed::add);
        feed(events);
        translator.onEnd(chunks::add);

        String passedOn = relayed.stream()
                .filter(c -> c.passthrough() != null)
                .map(c -> c.passthrough().toString(StandardCharsets.UTF_8))
                .collect(Collectors.joining());
        assertThat(passedOn).isEqualTo(events);
        assertThat(relayed.stream().filter(c -> c.json().path("choices").size() > 0))
                .extracting(c -> c.json().path("choices"))
                .containsExactlyElementsOf(chunks.stream()
                        .filter(c -> c.json().path("choices").size() > 0)
                        .map(c -> c.json().path("choices"))
                        .toList());
        // The fixture's cache writes are split by lifetime: 200 of the 310 are 1-hour writes.
        assertThat(relay.reportedUsage()).isEqualTo(new Usage(20802, 20480, 310, 200, 96, 0, false));
    }

    @Test
    void everyChunkOfAStreamSharesOneIdAndTheModelOfMessageStart() {
        feed(Fixtures.text("anthropic/message-hello-stream.sse"));

        assertThat(chunks)
                .extracting(c -> c.json().path("id").asText())
                .allSatisfy(id -> assertThat(id).startsWith("chatcmpl-"))
                .containsOnly(chunks.get(0).json().path("id").asText());
        assertThat(chunks).extracting(c -> c.json().path("model").asText()).containsOnly("claude-sonnet-4-20250514");
        assertThat(chunks).extracting(c -> c.json().path("object").asText()).containsOnly("chat.completion.chunk");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 8, 13, 21, 34})
    void translatesAStreamedToolCallCutAnywhere(long seed) {
        feedInRandomPieces(Fixtures.text("anthropic/message-tool-stream.sse"), seed);
        translator.onEnd(chunks::add);

        List<JsonNode> calls = deltas().stream()
                .filter(d -> d.has("tool_calls"))
                .map(d -> d.path("tool_calls").path(0))
                .toList();
        assertThat(calls.get(0).path("id").asText()).isEqualTo("toolu_01T1x1fJ34qAmk2tNTrN7Up6");
        assertThat(calls.get(0).path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(calls).extracting(c -> c.path("index").asInt()).containsOnly(0);
        String arguments = calls.stream()
                .map(c -> c.path("function").path("arguments").asText())
                .collect(Collectors.joining());
        assertThat(arguments).isEqualTo("{\"location\": \"Boston, MA\"}");
        assertThat(text()).isEqualTo("Okay, let me check the weather in Boston.");
        assertThat(finishes()).containsExactly("tool_calls");
        assertThat(translator.reportedUsage()).isEqualTo(new Usage(472, 0, 0, 89, false));
    }

    @Test
    void emitsEachEventAsSoonAsItIsComplete() {
        String stream = Fixtures.text("anthropic/message-hello-stream.sse");
        int secondDelta = stream.indexOf(" How can I");

        feed(stream.substring(0, secondDelta));

        assertThat(text()).isEqualTo("Hello!");
        assertThat(finishes()).isEmpty();
        assertThat(translator.reportedUsage())
                .as("message_start's output count is a placeholder")
                .isNull();
    }

    @Test
    void numbersToolCallsInOrderWhateverTheirBlockIndex() {
        feed(start()
                + block(0, "{\"type\":\"text\",\"text\":\"\"}")
                + textDelta(0, "Checking both.")
                + block(1, "{\"type\":\"tool_use\",\"id\":\"toolu_a\",\"name\":\"get_weather\",\"input\":{}}")
                + jsonDelta(1, "{\"location\":\"Boston, MA\"}")
                + block(2, "{\"type\":\"tool_use\",\"id\":\"toolu_b\",\"name\":\"get_weather\",\"input\":{}}")
                + jsonDelta(2, "{\"location\":\"Paris\"}")
                + end("tool_use"));

        List<JsonNode> calls = deltas().stream()
                .filter(d -> d.has("tool_calls"))
                .map(d -> d.path("tool_calls").path(0))
                .toList();
        assertThat(calls).extracting(c -> c.path("index").asInt()).containsExactly(0, 0, 1, 1);
        assertThat(calls.get(2).path("id").asText()).isEqualTo("toolu_b");
        assertThat(calls.get(3).path("function").path("arguments").asText()).isEqualTo("{\"location\":\"Paris\"}");
    }

    @Test
    void countsCacheTokensAndTakesTheCumulativeCountsOfMessageDelta() {
        feed(
                "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                        + "\"content\":[],\"model\":\"claude-sonnet-4-20250514\",\"usage\":{\"input_tokens\":5,\"cache_creation_input_tokens\":100,"
                        + "\"cache_read_input_tokens\":2000,\"output_tokens\":1}}}\n\n"
                        + textDelta(0, "Hi")
                        + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                        + "\"usage\":{\"input_tokens\":6,\"cache_creation_input_tokens\":null,\"cache_read_input_tokens\":2000,\"output_tokens\":21}}\n\n"
                        + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");

        assertThat(translator.reportedUsage()).isEqualTo(new Usage(6 + 100 + 2000, 2000, 100, 21, false));
        assertThat(chunks.get(chunks.size() - 1)
                        .json()
                        .path("usage")
                        .path("prompt_tokens_details")
                        .path("cached_tokens")
                        .asInt())
                .isEqualTo(2000);
    }

    @Test
    void ignoresPingsAndEventTypesItDoesNotKnow() {
        feed(start() + "event: ping\ndata: {\"type\": \"ping\"}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Hmm\"}}\n\n"
                + "event: brand_new_event\ndata: {\"type\":\"brand_new_event\"}\n\n"
                + block(1, "{\"type\":\"text\",\"text\":\"\"}") + textDelta(1, "Done.") + end("end_turn"));
        translator.onEnd(chunks::add);

        assertThat(text()).isEqualTo("Done.");
        assertThat(finishes()).containsExactly("stop");
    }

    @Test
    void throwsTheMappedErrorOfAnErrorEventAfterForwardingWhatCameBefore() {
        assertThatThrownBy(() -> feed(Fixtures.text("anthropic/stream-error.sse")))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.getMessage()).isEqualTo("Overloaded");
                });
        assertThat(text()).isEqualTo("Hello!");
        assertThat(finishes()).isEmpty();
    }

    @Test
    void reportsATruncatedStreamWhenMessageStopNeverCame() {
        String stream = Fixtures.text("anthropic/message-hello-stream.sse");
        feed(stream.substring(0, stream.indexOf("event: message_stop")));

        assertThatThrownBy(() -> translator.onEnd(chunks::add)).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.code()).isEqualTo("stream_truncated");
            assertThat(e.kind()).isEqualTo(ErrorKind.BAD_UPSTREAM_RESPONSE);
            assertThat(e.getMessage()).contains("'" + AnthropicTestRoutes.PROVIDER + "'");
        });
        assertThat(finishes()).isEmpty();
        assertThat(translator.reportedUsage())
                .as("message_delta gave the output count")
                .isEqualTo(new Usage(12, 0, 0, 9, false));
    }

    @Test
    void rejectsAnEventThatIsNotJson() {
        assertThatThrownBy(() -> feed(start() + "event: content_block_delta\ndata: {oops\n\n"))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.status()).isEqualTo(502));
    }

    @Test
    void rejectsContentBeforeMessageStart() {
        assertThatThrownBy(() -> feed(textDelta(0, "Hi"))).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isEqualTo("bad_upstream_response");
        });
    }

    private static String start() {
        return "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"content\":[],\"model\":\"claude-sonnet-4-20250514\",\"usage\":{\"input_tokens\":7,\"output_tokens\":1}}}\n\n";
    }

    private static String block(int index, String contentBlock) {
        return "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":" + index
                + ",\"content_block\":" + contentBlock + "}\n\n";
    }

    private static String textDelta(int index, String text) {
        return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}\n\n";
    }

    private static String jsonDelta(int index, String json) {
        return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"" + json.replace("\"", "\\\"")
                + "\"}}\n\n";
    }

    private static String end(String stopReason) {
        return "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":30}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    }
}
