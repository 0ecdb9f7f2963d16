package dev.gatehouse.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Anthropic Messages as OpenAI chat completions: text, tool calls, finish reasons, usage. */
class AnthropicToOpenAiResponseTest {

    private static Reply.Unary translate(String body) {
        return AnthropicToOpenAiResponse.translate(
                AnthropicTestRoutes.PROVIDER, AnthropicTestRoutes.MODEL, Buffer.buffer(body));
    }

    private static Reply.Unary fixture(String name) {
        return translate(Fixtures.text("anthropic/" + name));
    }

    private static JsonNode choice(Reply.Unary reply) {
        return Json.parse(reply.body()).path("choices").path(0);
    }

    @Test
    void answersWithAChatCompletionCarryingTheTextAndUsage() {
        Reply.Unary reply = fixture("message-hello.json");
        JsonNode completion = Json.parse(reply.body());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.path("id").asText()).startsWith("chatcmpl-");
        assertThat(completion.path("model").asText()).isEqualTo("claude-sonnet-4-20250514");
        assertThat(choice(reply).path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice(reply).path("message").path("content").asText())
                .isEqualTo("Hello! How can I help you today?");
        assertThat(choice(reply).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(completion.path("usage")).isEqualTo(Json.parse("""
                {"prompt_tokens": 12, "completion_tokens": 9, "total_tokens": 21, "prompt_tokens_details": {"cached_tokens": 0}}"""));
        assertThat(reply.usage()).isEqualTo(new Usage(12, 0, 0, 9, false));
    }

    @Test
    void turnsToolUseBlocksIntoToolCallsWithCompactJsonArguments() {
        JsonNode message = choice(fixture("message-tool.json")).path("message");

        assertThat(message.path("content").asText()).isEqualTo("I'll check the current weather in Boston for you.");
        assertThat(message.path("tool_calls")).isEqualTo(Json.parse("""
                [{"id": "toolu_01A09q90qw90lq917835lq9", "type": "function",
                  "function": {"name": "get_weather", "arguments": "{\\"location\\":\\"Boston, MA\\"}"}}]"""));
        assertThat(choice(fixture("message-tool.json")).path("finish_reason").asText())
                .isEqualTo("tool_calls");
    }

    @Test
    void givesNullContentForAnAnswerThatIsOnlyToolCalls() {
        ObjectNode message = (ObjectNode) Json.parse(Fixtures.text("anthropic/message-tool.json"));
        ((ArrayNode) message.get("content")).remove(0);

        JsonNode translated = choice(translate(message.toString())).path("message");

        assertThat(translated.path("content").isNull()).isTrue();
        assertThat(translated.path("tool_calls")).hasSize(1);
    }

    @Test
    void concatenatesTextBlocksAndSkipsBlocksWithNoCanonicalForm() {
        Reply.Unary reply = translate("""
                {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-sonnet-4-20250514",
                 "content": [{"type": "thinking", "thinking": "Hmm.", "signature": "sig"},
                             {"type": "text", "text": "Hello"}, {"type": "text", "text": ", world."}],
                 "stop_reason": "end_turn", "stop_sequence": null, "usage": {"input_tokens": 3, "output_tokens": 4}}""");

        assertThat(choice(reply).path("message").path("content").asText()).isEqualTo("Hello, world.");
        assertThat(choice(reply).path("message").has("tool_calls")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "end_turn, stop",
        "stop_sequence, stop",
        "max_tokens, length",
        "model_context_window_exceeded, length",
        "tool_use, tool_calls",
        "refusal, content_filter",
        "pause_turn, stop"
    })
    void mapsStopReasonsToFinishReasons(String stopReason, String finishReason) {
        ObjectNode message = (ObjectNode) Json.parse(Fixtures.text("anthropic/message-hello.json"));
        message.put("stop_reason", stopReason);

        assertThat(choice(translate(message.toString())).path("finish_reason").asText())
                .isEqualTo(finishReason);
    }

    @Test
    void reportsARefusalAsAContentFilterFinish() {
        assertThat(choice(fixture("message-refusal.json")).path("finish_reason").asText())
                .isEqualTo("content_filter");
        assertThat(choice(fixture("message-max-tokens.json"))
                        .path("finish_reason")
                        .asText())
                .isEqualTo("length");
    }

    @Test
    void countsCacheReadsAndWritesAsPromptTokens() {
        Reply.Unary reply = fixture("message-cached.json");

        assertThat(reply.usage()).isEqualTo(new Usage(50 + 248 + 1800, 1800, 248, 503, false));
        JsonNode usage = Json.parse(reply.body()).path("usage");
        assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(2098);
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asLong())
                .isEqualTo(1800);
    }

    @Test
    void rejectsABodyThatIsNotJson() {
        assertThatThrownBy(() -> translate("<html>oops")).isInstanceOfSatisfying(GatewayError.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.BAD_UPSTREAM_RESPONSE);
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isEqualTo("bad_upstream_response");
            assertThat(e.getMessage()).contains("'" + AnthropicTestRoutes.PROVIDER + "'");
        });
    }

    @Test
    void rejectsJsonThatIsNotAnAnthropicMessage() {
        for (String body :
                new String[] {Fixtures.text("openai/chat-hello.json"), "{\"result\":\"not a chat completion\"}", "[]"
                }) {
            assertThatThrownBy(() -> translate(body))
                    .isInstanceOfSatisfying(
                            GatewayError.class, e -> assertThat(e.status()).isEqualTo(502));
        }
    }
}
