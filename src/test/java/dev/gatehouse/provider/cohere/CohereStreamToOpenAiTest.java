package dev.gatehouse.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class CohereStreamToOpenAiTest {

    /** Feeds a fixture in random slices of 1 to 40 bytes, so event and line boundaries fall anywhere. */
    private static List<StreamChunk> feed(CohereStreamToOpenAi translator, String fixture, long seed) {
        byte[] bytes = Fixtures.text("cohere/" + fixture).getBytes(StandardCharsets.UTF_8);
        Random random = new Random(seed);
        List<StreamChunk> chunks = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int length = Math.min(bytes.length - at, 1 + random.nextInt(40));
            byte[] slice = new byte[length];
            System.arraycopy(bytes, at, slice, 0, length);
            translator.onBytes(Buffer.buffer(slice), chunks::add);
            at += length;
        }
        translator.onEnd(chunks::add);
        return chunks;
    }

    private static CohereStreamToOpenAi translator() {
        return new CohereStreamToOpenAi(CohereRequests.PROVIDER, CohereRequests.MODEL);
    }

    private static JsonNode delta(StreamChunk chunk) {
        return chunk.json().path("choices").path(0).path("delta");
    }

    @RepeatedTest(20)
    void streamsTextThenOneFinishThenOneUsageChunk(RepetitionInfo repetition) {
        CohereStreamToOpenAi translator = translator();
        List<StreamChunk> chunks = feed(translator, "chat-hello-stream.sse", repetition.getCurrentRepetition());

        assertThat(delta(chunks.get(0)).path("role").asText()).isEqualTo("assistant");
        StringBuilder text = new StringBuilder();
        int pieces = 0;
        for (StreamChunk chunk : chunks) {
            assertThat(chunk.json().path("id").asText()).isEqualTo("chatcmpl-29f14a5a-11de-4cae-9800-25e4747408ea");
            assertThat(chunk.json().path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.json().path("model").asText()).isEqualTo(CohereRequests.MODEL);
            String content = delta(chunk).path("content").asText("");
            if (!content.isEmpty()) {
                text.append(content);
                pieces++;
            }
        }
        assertThat(text.toString()).isEqualTo("Hello! How can I help you today?");
        assertThat(pieces).isEqualTo(9);
        StreamChunk finish = chunks.get(chunks.size() - 2);
        assertThat(finish.json().path("choices").get(0).path("finish_reason").asText())
                .isEqualTo("stop");
        StreamChunk usage = chunks.get(chunks.size() - 1);
        assertThat(usage.usageOnly()).isTrue();
        assertThat(usage.json().path("usage").path("prompt_tokens").asInt()).isEqualTo(5);
        assertThat(usage.json().path("usage").path("completion_tokens").asInt()).isEqualTo(9);
        assertThat(chunks.stream().filter(StreamChunk::hasUsage)).hasSize(1);
        assertThat(translator.reportedUsage()).isEqualTo(new Usage(5, 0, 0, 9, false));
    }

    @RepeatedTest(20)
    void streamsTheToolPlanAsTextAndTheToolCallAsOneCallWithArgumentPieces(RepetitionInfo repetition) throws Exception {
        List<StreamChunk> chunks = feed(translator(), "chat-stream-tools.sse", repetition.getCurrentRepetition());

        StringBuilder plan = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        List<String> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> finishes = new ArrayList<>();
        for (StreamChunk chunk : chunks) {
            JsonNode delta = delta(chunk);
            plan.append(delta.path("content").asText(""));
            for (JsonNode call : delta.path("tool_calls")) {
                assertThat(call.path("index").asInt()).isZero();
                if (call.has("id")) {
                    ids.add(call.path("id").asText());
                    names.add(call.path("function").path("name").asText());
                }
                arguments.append(call.path("function").path("arguments").asText(""));
            }
            JsonNode finish = chunk.json().path("choices").path(0).path("finish_reason");
            if (finish.isTextual()) {
                finishes.add(finish.asText());
            }
        }
        assertThat(plan.toString()).isEqualTo("I will search for the weather in Boston.");
        assertThat(ids).containsExactly("get_weather_p1t92w7gfgq7");
        assertThat(names).containsExactly("get_weather");
        assertThat(Json.parse(arguments.toString())).isEqualTo(Json.parse("{\"location\":\"Boston, MA\"}"));
        assertThat(finishes).containsExactly("tool_calls");
        assertThat(chunks.get(chunks.size() - 1)
                        .json()
                        .path("usage")
                        .path("prompt_tokens")
                        .asInt())
                .isEqualTo(37);
    }

    @Test
    void numbersParallelToolCallsFromZeroAndRoutesArgumentsByIndex() {
        String stream = """
                event: message-start
                data: {"id":"p","type":"message-start"}

                data: {"type":"tool-call-start","index":0,"delta":{"message":{"tool_calls":{"id":"a","type":"function","function":{"name":"f","arguments":""}}}}}

                data: {"type":"tool-call-start","index":1,"delta":{"message":{"tool_calls":{"id":"b","type":"function","function":{"name":"g","arguments":"{"}}}}}

                data: {"type":"tool-call-delta","index":0,"delta":{"message":{"tool_calls":{"function":{"arguments":"{}"}}}}}

                data: {"type":"tool-call-delta","index":1,"delta":{"message":{"tool_calls":{"function":{"arguments":"}"}}}}}

                data: {"type":"message-end","delta":{"finish_reason":"TOOL_CALL"}}

                """;
        CohereStreamToOpenAi translator = translator();
        List<StreamChunk> chunks = new ArrayList<>();
        translator.onBytes(Buffer.buffer(stream), chunks::add);
        translator.onEnd(chunks::add);

        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();
        for (StreamChunk chunk : chunks) {
            for (JsonNode call : delta(chunk).path("tool_calls")) {
                (call.path("index").asInt() == 0 ? first : second)
                        .append(call.path("function").path("arguments").asText(""));
            }
        }
        assertThat(first.toString()).isEqualTo("{}");
        assertThat(second.toString()).isEqualTo("{}");
        assertThat(translator.reportedUsage()).as("no usage in message-end").isNull();
        assertThat(chunks.stream().filter(StreamChunk::hasUsage)).isEmpty();
    }

    @Test
    void throwsTheMappedErrorWhenMessageEndReportsAFailedGeneration() {
        CohereStreamToOpenAi translator = translator();
        List<StreamChunk> chunks = new ArrayList<>();

        assertThatThrownBy(
                        () -> translator.onBytes(Buffer.buffer(Fixtures.text("cohere/stream-error.sse")), chunks::add))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
                    assertThat(e.getMessage()).contains("internal error while generating the response");
                });
        assertThat(chunks)
                .as("the text before the failure was forwarded")
                .anySatisfy(chunk ->
                        assertThat(delta(chunk).path("content").asText()).isEqualTo("Hello"));
        assertThat(translator.reportedUsage()).isEqualTo(new Usage(5, 0, 0, 1, false));
    }

    @Test
    void reportsAStreamCutBeforeMessageEndAsTruncated() {
        String all = Fixtures.text("cohere/chat-hello-stream.sse");
        String cut = all.substring(0, all.indexOf("event: message-end"));
        CohereStreamToOpenAi translator = translator();
        List<StreamChunk> chunks = new ArrayList<>();
        translator.onBytes(Buffer.buffer(cut), chunks::add);

        assertThatThrownBy(() -> translator.onEnd(chunks::add))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.code()).isEqualTo("stream_truncated"));
    }

    @Test
    void reportsAnEventThatIsNotJsonAsABadUpstreamResponse() {
        assertThatThrownBy(
                        () -> translator().onBytes(Buffer.buffer("event: content-delta\ndata: {oops\n\n"), chunk -> {}))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_UPSTREAM_RESPONSE));
    }
}
