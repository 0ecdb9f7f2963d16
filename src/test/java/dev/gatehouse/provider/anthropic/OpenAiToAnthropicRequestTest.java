package dev.gatehouse.provider.anthropic;

import static dev.gatehouse.provider.anthropic.AnthropicTestRoutes.translated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Request-level fields of the Messages API body: limits, sampling, stop, user, tools, stream. */
class OpenAiToAnthropicRequestTest {

    private static final String TOOL = """
            {"type": "function", "function": {"name": "get_weather", "description": "Get the current weather in a city",
             "parameters": {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]}}}""";

    @Test
    void mapsModelLimitSamplingStopUserAndStream() {
        JsonNode body = translated("""
                {"model": "claude", "messages": [{"role": "user", "content": "Hello"}],
                 "max_completion_tokens": 100, "temperature": 0.5, "top_p": 0.9, "stop": "END",
                 "user": "user-7f3a", "stream": true}""");

        assertThat(body.path("model").asText()).isEqualTo(AnthropicTestRoutes.MODEL);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(100);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(body.path("stop_sequences")).isEqualTo(Json.parse("[\"END\"]"));
        assertThat(body.path("metadata").path("user_id").asText()).isEqualTo("user-7f3a");
        assertThat(body.path("stream").asBoolean()).isTrue();
    }

    @Test
    void readsTheLegacyMaxTokensAndAStopArray() {
        JsonNode body = translated("""
                {"model": "claude", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 42, "stop": ["END", "\\n\\n"]}""");

        assertThat(body.path("max_tokens").asInt()).isEqualTo(42);
        assertThat(body.path("stop_sequences")).isEqualTo(Json.parse("[\"END\", \"\\n\\n\"]"));
    }

    @Test
    void sendsTheProvidersDefaultLimitBecauseAnthropicRequiresOne() {
        JsonNode body = translated("""
                {"model": "claude", "messages": [{"role": "user", "content": "Hi"}]}""");

        assertThat(body.path("max_tokens").asInt()).isEqualTo(AnthropicTestRoutes.DEFAULT_MAX_TOKENS);
        assertThat(body.has("stream")).isFalse();
        assertThat(body.has("stop_sequences")).isFalse();
        assertThat(body.has("temperature")).isFalse();
        assertThat(body.has("metadata")).isFalse();
    }

    @Test
    void dropsSamplingHintsAnthropicHasNoEquivalentFor() {
        JsonNode body = translated("""
                {"model": "claude", "messages": [{"role": "user", "content": "Hi"}], "seed": 7,
                 "presence_penalty": 0.5, "frequency_penalty": 0.5, "logit_bias": {"50256": -100}, "n": 1}""");

        assertThat(body.has("seed")).isFalse();
        assertThat(body.has("presence_penalty")).isFalse();
        assertThat(body.has("frequency_penalty")).isFalse();
        assertThat(body.has("logit_bias")).isFalse();
        assertThat(body.has("n")).isFalse();
    }

    @Test
    void turnsFunctionToolsIntoClientToolsWithAnInputSchema() {
        JsonNode body = translated("""
                {"model": "claude", "messages": [{"role": "user", "content": "Weather?"}],
                 "tools": [%s, {"type": "function", "function": {"name": "get_time"}}]}""".formatted(TOOL));

        assertThat(body.path("tools")).isEqualTo(Json.parse("""
                [{"name": "get_weather", "description": "Get the current weather in a city",
                  "input_schema": {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]}},
                 {"name": "get_time", "input_schema": {"type": "object", "properties": {}}}]"""));
        assertThat(body.has("tool_choice")).as("Anthropic's default is auto").isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"auto\"                                              | {\"type\":\"auto\"}",
                "\"required\"                                          | {\"type\":\"any\"}",
                "\"none\"                                              | {\"type\":\"none\"}",
                "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}} | {\"type\":\"tool\",\"name\":\"get_weather\"}"
            })
    void mapsToolChoice(String openAi, String anthropic) {
        JsonNode body = translated("""
                {"model": "claude", "messages": [{"role": "user", "content": "Weather?"}], "tools": [%s], "tool_choice": %s}""".formatted(TOOL, openAi));

        assertThat(body.path("tool_choice")).isEqualTo(Json.parse(anthropic));
    }

    @Test
    void disablesParallelToolUseWhenTheClientTurnsParallelCallsOff() {
        JsonNode implicit = translated("""
                {"model": "claude", "messages": [{"role": "user", "content": "Weather?"}], "tools": [%s],
                 "parallel_tool_calls": false}""".formatted(TOOL));
        JsonNode forced = translated("""
                {"model": "claude", "messages": [{"role": "user", "content": "Weather?"}], "tools": [%s],
                 "tool_choice": "required", "parallel_tool_calls": false}""".formatted(TOOL));

        assertThat(implicit.path("tool_choice"))
                .isEqualTo(Json.parse("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"));
        assertThat(forced.path("tool_choice"))
                .isEqualTo(Json.parse("{\"type\":\"any\",\"disable_parallel_tool_use\":true}"));
    }

    @Test
    void sendsNoToolChoiceWithoutTools() {
        JsonNode body = translated("""
                {"model": "claude", "messages": [{"role": "user", "content": "Hi"}], "tool_choice": "none"}""");

        assertThat(body.has("tool_choice")).isFalse();
        assertThat(body.has("tools")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"n\": 2                                          | n",
                "\"logprobs\": true                                | logprobs",
                "\"response_format\": {\"type\": \"json_object\"}  | response_format",
                "\"tools\": [{\"type\": \"custom\", \"custom\": {\"name\": \"x\"}}] | tools[0].type",
                "\"tools\": [" + "{\"type\":\"function\",\"function\":{\"name\":\"f\"}}"
                        + "], \"tool_choice\": {\"type\": \"allowed_tools\"} | tool_choice"
            })
    void refusesWhatTheMessagesApiCannotExpress(String field, String param) {
        CanonicalRequest request = AnthropicTestRoutes.chat("""
                {"model": "claude", "messages": [{"role": "user", "content": "Hi"}], %s}""".formatted(field));

        assertThatThrownBy(() -> OpenAiToAnthropicRequest.translate(request, AnthropicTestRoutes.route()))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(e.param()).isEqualTo(param);
                    assertThat(e.getMessage())
                            .contains("'" + AnthropicTestRoutes.PROVIDER + "'")
                            .contains("Anthropic");
                });
    }

    @Test
    void leavesTheCanonicalRequestUntouched() {
        CanonicalRequest request = AnthropicTestRoutes.chat("""
                {"model": "claude", "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}],
                 "tools": [%s], "stop": "END"}""".formatted(TOOL));
        JsonNode before = request.body().deepCopy();

        OpenAiToAnthropicRequest.translate(request, AnthropicTestRoutes.route());
        OpenAiToAnthropicRequest.translate(request, AnthropicTestRoutes.route());

        assertThat(request.body()).isEqualTo(before);
    }
}
