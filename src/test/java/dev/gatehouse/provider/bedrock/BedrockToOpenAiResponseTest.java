package dev.gatehouse.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class BedrockToOpenAiResponseTest {

    private static Reply.Unary translate(String fixture) {
        return BedrockToOpenAiResponse.of(
                Buffer.buffer(BedrockFixtures.text(fixture)), "anthropic.claude-x", "aws-bedrock");
    }

    private static JsonNode choice(Reply.Unary reply) {
        return Json.parse(reply.body()).path("choices").get(0);
    }

    @Test
    void translatesTextTheStopReasonAndUsage() {
        Reply.Unary reply = translate("converse-hello.json");

        JsonNode completion = Json.parse(reply.body());
        assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.path("id").asText()).startsWith("chatcmpl-");
        assertThat(completion.path("model").asText()).isEqualTo("anthropic.claude-x");
        assertThat(choice(reply).path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice(reply).path("message").path("content").asText())
                .isEqualTo("Hello! How can I help you today?");
        assertThat(choice(reply).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(completion.path("usage").path("prompt_tokens").asInt()).isEqualTo(12);
        assertThat(completion.path("usage").path("completion_tokens").asInt()).isEqualTo(9);
        assertThat(completion.path("usage").path("total_tokens").asInt()).isEqualTo(21);
        assertThat(reply.usage()).isEqualTo(new Usage(12, 0, 0, 9, false));
    }

    @Test
    void translatesToolUseIntoToolCallsWithJsonArguments() {
        JsonNode message = choice(translate("converse-tool.json")).path("message");

        assertThat(message.path("content").asText()).isEqualTo("I'll look up the current weather in Boston.");
        JsonNode call = message.path("tool_calls").get(0);
        assertThat(call.path("id").asText()).isEqualTo("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q");
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(Json.parse(call.path("function").path("arguments").asText()))
                .isEqualTo(Json.parse("{\"location\":\"Boston, MA\"}"));
        assertThat(choice(translate("converse-tool.json")).path("finish_reason").asText())
                .isEqualTo("tool_calls");
    }

    @Test
    void mapsEveryStopReason() {
        assertThat(choice(translate("converse-length.json"))
                        .path("finish_reason")
                        .asText())
                .isEqualTo("length");
        assertThat(choice(translate("converse-guardrail.json"))
                        .path("finish_reason")
                        .asText())
                .isEqualTo("content_filter");
        assertThat(BedrockStopReasons.toFinishReason("stop_sequence")).isEqualTo("stop");
        assertThat(BedrockStopReasons.toFinishReason("content_filtered")).isEqualTo("content_filter");
        assertThat(BedrockStopReasons.toFinishReason("end_turn")).isEqualTo("stop");
    }

    @Test
    void countsCacheReadsAndWritesAsPromptTokens() {
        Reply.Unary reply = translate("converse-cached.json");

        assertThat(reply.usage()).isEqualTo(new Usage(14 + 2048 + 72, 2048, 72, 8, false));
        JsonNode usage = Json.parse(reply.body()).path("usage");
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(2134);
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asInt())
                .isEqualTo(2048);
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(2142);
    }

    @Test
    void answersToolOnlyMessagesWithNullContent() {
        Reply.Unary reply = BedrockToOpenAiResponse.of(Buffer.buffer("""
                {"output":{"message":{"role":"assistant","content":[{"toolUse":{"toolUseId":"t1","name":"now","input":{}}}]}},
                 "stopReason":"tool_use","usage":{"inputTokens":3,"outputTokens":2,"totalTokens":5},"metrics":{"latencyMs":1}}"""), "m", "aws-bedrock");

        assertThat(choice(reply).path("message").path("content").isNull()).isTrue();
        assertThat(choice(reply)
                        .path("message")
                        .path("tool_calls")
                        .get(0)
                        .path("function")
                        .path("arguments")
                        .asText())
                .isEqualTo("{}");
    }

    @Test
    void reportsABadResponseNamingTheProvider() {
        assertThatThrownBy(() -> BedrockToOpenAiResponse.of(Buffer.buffer("<html>oops"), "m", "aws-bedrock"))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.getMessage()).contains("'aws-bedrock'");
                });
        assertThatThrownBy(() -> BedrockToOpenAiResponse.of(Buffer.buffer("{\"choices\":[]}"), "m", "aws-bedrock"))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.code()).isEqualTo("bad_upstream_response"));
    }
}
