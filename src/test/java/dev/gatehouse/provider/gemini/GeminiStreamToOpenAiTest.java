package dev.gatehouse.provider.gemini;

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

/** streamGenerateContent?alt=sse events to chat.completion.chunks, fed in random pieces. */
class GeminiStreamToOpenAiTest {

    private final GeminiStreamToOpenAi translator = new GeminiStreamToOpenAi("google", "gemini-2.0-flash");
    private final List<StreamChunk> chunks = new ArrayList<>();

    /** Feeds the bytes cut at random places (a cut may fall inside a line or a UTF-8 character). */
    private void feed(String text, long seed) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Random random = new Random(seed);
        int at = 0;
        while (at < bytes.length) {
            int length = Math.min(bytes.length - at, 1 + random.nextInt(40));
            byte[] piece = new byte[length];
            System.arraycopy(bytes, at, piece, 0, length);
            translator.onBytes(Buffer.buffer(piece), chunks::add);
            at += length;
        }
    }

    private void feedFixture(String name, long seed) {
        feed(Fixtures.text("gemini/" + name), seed);
    }

    private List<JsonNode> deltas() {
        return chunks.stream()
                .filter(c -> !c.usageOnly())
                .map(c -> c.json().path("choices").get(0))
                .collect(Collectors.toList());
    }

    private String text() {
        return deltas().stream()
                .map(d -> d.path("delta").path("content").asText(""))
                .collect(Collectors.joining());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void streamsTextThenOneFinishThenOneUsageChunk(long seed) {
        feedFixture("chat-hello-stream.sse", seed);
        translator.onEnd(chunks::add);

        List<JsonNode> deltas = deltas();
        assertThat(deltas.get(0).path("delta").path("role").asText()).isEqualTo("assistant");
        assertThat(text()).isEqualTo("Hello! How can I help you today?");
        assertThat(deltas.stream()
                        .filter(d -> !d.path("delta").path("content").asText("").isEmpty()))
                .hasSize(3);
        assertThat(deltas.stream()
                        .filter(d -> d.path("finish_reason").isTextual())
                        .map(d -> d.path("finish_reason").asText()))
                .containsExactly("stop");
        assertThat(deltas.get(deltas.size() - 1).path("finish_reason").asText()).isEqualTo("stop");
        StreamChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.usageOnly()).isTrue();
        assertThat(last.json().path("usage").path("prompt_tokens").asInt()).isEqualTo(12);
        assertThat(last.json().path("usage").path("completion_tokens").asInt()).isEqualTo(9);
        assertThat(translator.reportedUsage()).isEqualTo(new Usage(12, 0, 0, 9, false));
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.json().path("id").asText()).isEqualTo("chatcmpl-lvQcaJHAHpOZmecPsLX1yAs");
            assertThat(c.json().path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.json().path("model").asText()).isEqualTo("gemini-2.0-flash");
        });
    }

    @Test
    void readsCrLfSeparatedEvents() {
        feed(Fixtures.text("gemini/chat-hello-stream.sse").replace("\n", "\r\n"), 9);
        translator.onEnd(chunks::add);

        assertThat(text()).isEqualTo("Hello! How can I help you today?");
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void streamsAWholeFunctionCallAsOneToolCall(long seed) {
        feedFixture("chat-stream-tools.sse", seed);
        translator.onEnd(chunks::add);

        List<JsonNode> calls = deltas().stream()
                .filter(d -> d.path("delta").has("tool_calls"))
                .map(d -> d.path("delta").path("tool_calls").get(0))
                .collect(Collectors.toList());
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).path("index").asInt()).isZero();
        assertThat(calls.get(0).path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(GeminiToolCallIds.signatureOf(calls.get(0).path("id").asText()))
                .isEqualTo("iH+NnTmXaIokugw/49tSm7M/5JS6f9R/pkujlpdqVFEkC9mirg==");
        assertThat(calls.get(1).has("id")).isFalse();
        assertThat(calls.get(1).path("function").path("arguments").asText()).isEqualTo("{\"location\":\"Boston, MA\"}");
        assertThat(deltas().get(deltas().size() - 1).path("finish_reason").asText())
                .isEqualTo("tool_calls");
    }

    @Test
    void throwsTheMappedErrorOfAnErrorEvent() {
        assertThatThrownBy(() -> feedFixture("stream-error.sse", 21)).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.getMessage()).isEqualTo("The model is overloaded. Please try again later.");
        });
        assertThat(text()).as("text before the error was forwarded").isEqualTo("Hello!");
    }

    @Test
    void treatsAStreamWithoutAFinishReasonAsTruncated() {
        String fixture = Fixtures.text("gemini/chat-hello-stream.sse");
        feed(fixture.substring(0, fixture.indexOf("data:", fixture.indexOf("How can"))), 31);

        assertThatThrownBy(() -> translator.onEnd(chunks::add)).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.code()).isEqualTo("stream_truncated");
            assertThat(e.kind()).isEqualTo(ErrorKind.BAD_UPSTREAM_RESPONSE);
        });
    }

    @Test
    void treatsAnEmptyStreamAsTruncated() {
        assertThatThrownBy(() -> translator.onEnd(chunks::add)).isInstanceOf(GatewayError.class);
    }

    @Test
    void finishesABlockedPromptWithContentFilter() {
        feedFixture("stream-prompt-blocked.sse", 41);
        translator.onEnd(chunks::add);

        assertThat(deltas().get(0).path("delta").path("role").asText()).isEqualTo("assistant");
        assertThat(deltas().get(deltas().size() - 1).path("finish_reason").asText())
                .isEqualTo("content_filter");
        assertThat(translator.reportedUsage().inputTokens()).isEqualTo(12);
    }

    @Test
    void emitsFinishOnceEvenWhenEveryEventRepeatsStop() {
        String event =
                "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"%s\"}],\"role\": \"model\"},\"finishReason\": \"STOP\",\"index\": 0}]}\n\n";
        feed(event.formatted("In the quaint") + event.formatted(" cottage"), 51);
        translator.onEnd(chunks::add);

        assertThat(text()).isEqualTo("In the quaint cottage");
        assertThat(deltas().stream().filter(d -> d.path("finish_reason").isTextual()))
                .hasSize(1);
        assertThat(translator.reportedUsage())
                .as("no usageMetadata in these events")
                .isNull();
    }

    @Test
    void keepsChoicesOfSeveralCandidatesApart() {
        feed(
                ("data: {'candidates':[{'content':{'parts':[{'text':'A'}]},'index':0},{'content':{'parts':[{'text':'B'}]},'index':1}]}\n\n"
                                + "data: {'candidates':[{'content':{'parts':[{'text':'a'}]},'finishReason':'STOP','index':0},"
                                + "{'content':{'parts':[{'text':'b'}]},'finishReason':'MAX_TOKENS','index':1}]}\n\n")
                        .replace('\'', '"'),
                61);
        translator.onEnd(chunks::add);

        String second = deltas().stream()
                .filter(d -> d.path("index").asInt() == 1)
                .map(d -> d.path("delta").path("content").asText(""))
                .collect(Collectors.joining());
        assertThat(second).isEqualTo("Bb");
        assertThat(deltas().stream()
                        .filter(d -> d.path("finish_reason").isTextual())
                        .map(d -> d.path("finish_reason").asText()))
                .containsExactly("stop", "length");
    }

    @Test
    void rejectsEventsThatAreNotGenerateContentResponses() {
        assertThatThrownBy(() -> feed("data: not json\n\n", 71))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_UPSTREAM_RESPONSE));
        GeminiStreamToOpenAi other = new GeminiStreamToOpenAi("google", "m");
        assertThatThrownBy(() -> other.onBytes(Buffer.buffer("data: {\"result\":1}\n\n"), chunks::add))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_UPSTREAM_RESPONSE));
    }
}
