package dev.gatehouse.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.stream.ChunkFactory;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

class BedrockStreamToOpenAiTest {

    private static BedrockStreamToOpenAi translator() {
        return new BedrockStreamToOpenAi(
                "aws-bedrock", new ChunkFactory("chatcmpl-test", 1_700_000_000L, "anthropic.claude-x"));
    }

    /**
     * Feeds the body in random pieces, from a single byte up to a few frames, so boundaries fall
     * anywhere; the seed (the repetition number) makes a failing split reproducible.
     */
    private static List<JsonNode> feedInRandomSplits(BedrockStreamToOpenAi translator, Buffer body, long seed) {
        Random random = new Random(seed);
        List<JsonNode> chunks = new ArrayList<>();
        int at = 0;
        while (at < body.length()) {
            int end = Math.min(body.length(), at + 1 + random.nextInt(random.nextBoolean() ? 8 : 300));
            translator.onBytes(body.getBuffer(at, end), chunk -> chunks.add(chunk.json()));
            at = end;
        }
        translator.onEnd(chunk -> chunks.add(chunk.json()));
        return chunks;
    }

    private static List<String> deltas(List<JsonNode> chunks, String field) {
        List<String> values = new ArrayList<>();
        for (JsonNode chunk : chunks) {
            JsonNode value = chunk.path("choices").path(0).path("delta").path(field);
            if (value.isTextual() && !value.asText().isEmpty()) {
                values.add(value.asText());
            }
        }
        return values;
    }

    private static List<String> finishes(List<JsonNode> chunks) {
        List<String> values = new ArrayList<>();
        chunks.forEach(c -> c.path("choices").forEach(choice -> {
            if (choice.path("finish_reason").isTextual()) {
                values.add(choice.get("finish_reason").asText());
            }
        }));
        return values;
    }

    @RepeatedTest(25)
    void streamsTextAsItArrivesWhereverTheBytesSplit(RepetitionInfo repetition) {
        BedrockStreamToOpenAi translator = translator();

        List<JsonNode> chunks = feedInRandomSplits(
                translator, BedrockFixtures.eventStreamBytes("stream-hello.json"), repetition.getCurrentRepetition());

        assertThat(chunks.get(0)
                        .path("choices")
                        .path(0)
                        .path("delta")
                        .path("role")
                        .asText())
                .isEqualTo("assistant");
        assertThat(deltas(chunks, "content")).containsExactly("Hello!", " How can I", " help you today?");
        assertThat(finishes(chunks)).containsExactly("stop");
        JsonNode last = chunks.get(chunks.size() - 1);
        assertThat(last.path("choices")).isEmpty();
        assertThat(last.path("usage").path("prompt_tokens").asInt()).isEqualTo(12);
        assertThat(last.path("usage").path("completion_tokens").asInt()).isEqualTo(9);
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.path("id").asText()).isEqualTo("chatcmpl-test");
            assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
        });
        assertThat(translator.reportedUsage()).isEqualTo(new Usage(12, 0, 0, 9, false));
    }

    @RepeatedTest(25)
    void streamsAToolCallItsIdNameAndArgumentPieces(RepetitionInfo repetition) {
        List<JsonNode> chunks = feedInRandomSplits(
                translator(), BedrockFixtures.eventStreamBytes("stream-tool.json"), repetition.getCurrentRepetition());

        List<JsonNode> calls = new ArrayList<>();
        chunks.forEach(
                c -> c.path("choices").path(0).path("delta").path("tool_calls").forEach(calls::add));
        assertThat(calls.get(0).path("index").asInt()).isZero();
        assertThat(calls.get(0).path("id").asText()).isEqualTo("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q");
        assertThat(calls.get(0).path("function").path("name").asText()).isEqualTo("get_weather");
        StringBuilder arguments = new StringBuilder();
        calls.forEach(
                call -> arguments.append(call.path("function").path("arguments").asText("")));
        assertThat(arguments.toString()).isEqualTo("{\"location\": \"Boston, MA\"}");
        assertThat(calls)
                .allSatisfy(call -> assertThat(call.path("index").asInt()).isZero());
        assertThat(deltas(chunks, "content")).containsExactly("I'll look up the current weather in Boston.");
        assertThat(finishes(chunks)).containsExactly("tool_calls");
    }

    @Test
    void emitsEachEventAsSoonAsItsFrameIsComplete() {
        BedrockStreamToOpenAi translator = translator();
        List<Buffer> frames = BedrockFixtures.eventStream("stream-hello.json");
        List<StreamChunk> out = new ArrayList<>();

        translator.onBytes(frames.get(0), out::add);
        assertThat(out).hasSize(1);
        Buffer delta = frames.get(1);
        translator.onBytes(delta.getBuffer(0, delta.length() - 1), out::add);
        assertThat(out).as("an incomplete frame emits nothing").hasSize(1);
        translator.onBytes(delta.getBuffer(delta.length() - 1, delta.length()), out::add);
        assertThat(out).hasSize(2);
        assertThat(out.get(1)
                        .json()
                        .path("choices")
                        .path(0)
                        .path("delta")
                        .path("content")
                        .asText())
                .isEqualTo("Hello!");
    }

    @Test
    void countsCachedTokensInTheStreamUsage() {
        BedrockStreamToOpenAi translator = translator();

        List<JsonNode> chunks =
                feedInRandomSplits(translator, BedrockFixtures.eventStreamBytes("stream-cached.json"), 7);

        assertThat(translator.reportedUsage()).isEqualTo(new Usage(2134, 2048, 72, 8, false));
        assertThat(finishes(chunks)).containsExactly("length");
    }

    @Test
    void throwsTheMappedErrorForAnExceptionInTheStream() {
        BedrockStreamToOpenAi translator = translator();
        List<StreamChunk> out = new ArrayList<>();

        assertThatThrownBy(() -> translator.onBytes(BedrockFixtures.eventStreamBytes("stream-error.json"), out::add))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
                    assertThat(e.getMessage()).isEqualTo("A streaming error occurred. Retry your request.");
                });
        assertThat(out).as("what came before the error was forwarded").hasSize(2);
        assertThatThrownBy(
                        () -> translator().onBytes(BedrockFixtures.eventStreamBytes("stream-throttled.json"), c -> {}))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED));
    }

    @Test
    void reportsATruncatedStreamWhenMessageStopOrMetadataIsMissing() {
        List<Buffer> frames = BedrockFixtures.eventStream("stream-hello.json");
        for (int keep : new int[] {0, 4, 6}) {
            BedrockStreamToOpenAi translator = translator();
            frames.subList(0, keep).forEach(frame -> translator.onBytes(frame, c -> {}));

            assertThatThrownBy(() -> translator.onEnd(c -> {}))
                    .isInstanceOfSatisfying(
                            GatewayError.class, e -> assertThat(e.code()).isEqualTo("stream_truncated"));
        }
    }

    @Test
    void reportsBytesThatAreNotAnEventStreamAsABadResponse() {
        assertThatThrownBy(() -> translator()
                        .onBytes(Buffer.buffer("{\"message\":\"this is JSON, not an event stream\"}"), c -> {}))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("'aws-bedrock'");
                });
        Buffer corrupted =
                BedrockFixtures.eventStream("stream-hello.json").get(1).copy();
        corrupted.setByte(corrupted.length() - 6, (byte) '#');
        assertThatThrownBy(() -> translator().onBytes(corrupted, c -> {}))
                .as("a payload that fails its CRC")
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.status()).isEqualTo(502));
    }

    @Test
    void mapsErrorMessagesOfTheEventStreamEncodingItself() {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":message-type", HeaderValue.fromString("error"));
        headers.put(":error-code", HeaderValue.fromString("InternalFailure"));
        headers.put(":error-message", HeaderValue.fromString("The stream failed."));
        Buffer error =
                Buffer.buffer(new Message(headers, new byte[0]).toByteBuffer().array());

        assertThatThrownBy(() -> translator().onBytes(error, c -> {})).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
            assertThat(e.getMessage()).isEqualTo("The stream failed.");
        });
    }

    @Test
    void doesNotDisguiseAFailureDownstreamAsAMalformedStream() {
        Buffer body = BedrockFixtures.eventStreamBytes("stream-hello.json");

        assertThatThrownBy(() -> translator().onBytes(body, c -> {
                    throw new IllegalStateException("client went away");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("client went away");
    }
}
