package dev.gatehouse.provider.bedrock;

import static dev.gatehouse.provider.bedrock.BedrockTestRequests.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import org.junit.jupiter.api.Test;

class OpenAiToBedrockRequestTest {

    private static JsonNode translate(CanonicalRequest request) {
        return Json.parse(
                OpenAiToBedrockRequest.of(request, "anthropic.claude-sonnet-4-20250514-v1:0", 4096, "aws-bedrock"));
    }

    @Test
    void buildsTheConverseBodyWithSystemLimitsSamplingAndStop() {
        CanonicalRequest request = chat("""
                {"model":"claude","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello"}],
                 "max_completion_tokens":100,"temperature":0.5,"top_p":0.9,"stop":["END","STOP"],"stream":true,
                 "seed":7,"user":"u-1","frequency_penalty":0.1}""");

        assertThat(translate(request)).isEqualTo(Json.parse("""
                {"messages":[{"role":"user","content":[{"text":"Hello"}]}],
                 "system":[{"text":"Be brief."}],
                 "inferenceConfig":{"maxTokens":100,"temperature":0.5,"topP":0.9,"stopSequences":["END","STOP"]}}"""));
    }

    @Test
    void takesAStopStringAndLegacyMaxTokensAndOmitsWhatIsUnset() {
        JsonNode body = translate(
                chat("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":5,\"stop\":\"END\"}"));
        assertThat(body.get("inferenceConfig")).isEqualTo(Json.parse("{\"maxTokens\":5,\"stopSequences\":[\"END\"]}"));

        JsonNode bare = translate(chat("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));
        assertThat(bare.has("inferenceConfig")).isFalse();
        assertThat(bare.has("system")).isFalse();
        assertThat(bare.has("toolConfig")).isFalse();
    }

    @Test
    void addsTheToolConfigAndKeepsItForToolHistoryEvenWithNone() {
        String tools =
                "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}}]";
        JsonNode withTools = translate(chat("{\"messages\":[{\"role\":\"user\",\"content\":\"Weather?\"}]," + tools
                + ",\"tool_choice\":\"required\"}"));
        assertThat(withTools.path("toolConfig").path("toolChoice")).isEqualTo(Json.parse("{\"any\":{}}"));

        JsonNode none = translate(chat("""
                {"messages":[{"role":"user","content":"Weather?"},
                  {"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"c1","content":"sunny"}],%s,"tool_choice":"none"}""".formatted(tools)));
        assertThat(none.path("toolConfig").path("tools")).hasSize(1);
    }

    @Test
    void refusesSeveralChoicesAndStructuredOutput() {
        assertThatThrownBy(() -> translate(chat("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"n\":2}")))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("n"));
        assertThatThrownBy(
                        () -> translate(
                                chat(
                                        "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"response_format\":{\"type\":\"json_object\"}}")))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.param()).isEqualTo("response_format"));
        assertThat(
                        translate(
                                chat(
                                        "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"n\":1,\"response_format\":{\"type\":\"text\"}}")))
                .isNotNull();
    }

    @Test
    void neverMutatesTheCanonicalRequest() {
        CanonicalRequest request = chat("""
                {"messages":[{"role":"user","content":"Hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}]}""");
        JsonNode before = request.body().deepCopy();

        translate(request);

        assertThat(request.body()).isEqualTo(before);
    }
}
