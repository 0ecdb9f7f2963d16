package dev.gatehouse.provider.cohere;

import static dev.gatehouse.provider.cohere.CohereRequests.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class CohereToOpenAiResponseTest {

    private static final String PROVIDER = CohereRequests.PROVIDER;
    private static final String MODEL = CohereRequests.MODEL;

    @Test
    void translatesATextAnswerWithTheTokensTheModelProcessed() {
        Reply.Unary reply = CohereToOpenAiResponse.of(PROVIDER, MODEL, fixture("chat-hello.json"));
        JsonNode body = Json.parse(reply.body());

        assertThat(reply.status()).isEqualTo(200);
        assertThat(body.path("id").asText()).isEqualTo("chatcmpl-c14c80c3-18eb-4519-9460-6c92edd8cfb4");
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo(MODEL);
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("Hello! How can I help you today?");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        // billed_units (5/9), what Cohere charges, not usage.tokens (12/9)
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(5);
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(9);
        assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(14);
        assertThat(reply.usage()).isEqualTo(new Usage(5, 0, 0, 9, false));
    }

    @Test
    void readsFractionalCountsAndCachedTokensAndMapsStopSequenceToStop() {
        Reply.Unary reply = CohereToOpenAiResponse.of(PROVIDER, MODEL, fixture("chat-stop-sequence.json"));
        JsonNode body = Json.parse(reply.body());

        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(reply.usage()).isEqualTo(new Usage(1517, 1024, 0, 6, false));
        assertThat(body.path("usage")
                        .path("prompt_tokens_details")
                        .path("cached_tokens")
                        .asInt())
                .isEqualTo(1024);
    }

    @Test
    void translatesToolCallsWithTheToolPlanAsContent() {
        JsonNode body = Json.parse(CohereToOpenAiResponse.of(PROVIDER, MODEL, fixture("chat-tool.json"))
                .body());
        JsonNode choice = body.path("choices").get(0);

        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("I will look up the weather in Boston.");
        assertThat(choice.path("message").path("tool_calls")).isEqualTo(Json.parse("""
                [{"id":"get_weather_1byjy32y4hvq","type":"function",
                  "function":{"name":"get_weather","arguments":"{\\"location\\":\\"Boston, MA\\"}"}}]"""));
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(37);
    }

    @Test
    void leavesContentNullForToolCallsWithoutAPlanAndUsageOutWhenUnreported() {
        JsonNode body = Json.parse(
                CohereToOpenAiResponse.of(PROVIDER, MODEL, Buffer.buffer("""
                {"id":"x","finish_reason":"TOOL_CALL","message":{"role":"assistant",
                 "tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]}}""")).body());

        assertThat(body.path("choices").get(0).path("message").path("content").isNull())
                .isTrue();
        assertThat(body.has("usage")).as("Cohere reported none").isFalse();
    }

    @Test
    void mapsMaxTokensToLength() {
        JsonNode body = Json.parse(CohereToOpenAiResponse.of(PROVIDER, MODEL, fixture("chat-length.json"))
                .body());

        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
        assertThat(body.path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("Hello! How can I");
    }

    @Test
    void skipsThinkingBlocksAndJoinsTextBlocks() {
        JsonNode body = Json.parse(
                CohereToOpenAiResponse.of(PROVIDER, MODEL, Buffer.buffer("""
                {"id":"x","finish_reason":"COMPLETE","message":{"role":"assistant","content":[
                 {"type":"thinking","thinking":"The user greets me."},{"type":"text","text":"Hi"},{"type":"text","text":" there"}]}}""")).body());

        assertThat(body.path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("Hi there");
    }

    @Test
    void turnsAFailedGenerationIntoAnError() {
        assertThatThrownBy(() -> CohereToOpenAiResponse.of(PROVIDER, MODEL, Buffer.buffer("""
                {"id":"x","finish_reason":"ERROR","message":{"role":"assistant","content":[]}}""")))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
                    assertThat(e.retryable()).isTrue();
                });
        assertThatThrownBy(() -> CohereToOpenAiResponse.of(PROVIDER, MODEL, Buffer.buffer("""
                {"id":"x","finish_reason":"TIMEOUT","message":{"role":"assistant"}}""")))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT));
    }

    @Test
    void reportsABodyThatIsNotACohereChatResponseAsABadUpstreamResponse() {
        for (String body :
                new String[] {"<html>oops", "{\"result\":\"x\"}", "[1,2]", "{\"finish_reason\":\"COMPLETE\"}"}) {
            assertThatThrownBy(() -> CohereToOpenAiResponse.of(PROVIDER, MODEL, Buffer.buffer(body)))
                    .isInstanceOfSatisfying(GatewayError.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.BAD_UPSTREAM_RESPONSE);
                        assertThat(e.status()).isEqualTo(502);
                        assertThat(e.getMessage()).contains("'" + PROVIDER + "'");
                    });
        }
    }
}
