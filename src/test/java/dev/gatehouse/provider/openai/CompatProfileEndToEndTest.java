package dev.gatehouse.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OpenAI-compatible servers are configuration: a profile's renames and drops reach the wire. */
class CompatProfileEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private static String twoServers(FakeUpstream groq, FakeUpstream mistral, FakeUpstream openai) {
        return """
                router:
                  retries: 0
                providers:
                  fast:
                    type: openai
                    profile: groq
                    base_url: %s
                  eu:
                    type: openai
                    profile: mistral
                    base_url: %s
                  oai:
                    type: openai
                    base_url: %s
                models:
                  - name: llama
                    provider: fast
                    model: llama-3.1-8b-instant
                  - name: small
                    provider: eu
                    model: mistral-small-latest
                  - name: either
                    deployments:
                      - provider: fast
                        model: llama-3.1-8b-instant
                      - provider: oai
                        model: gpt-4o-mini
                """.formatted(groq.baseUrl(), mistral.baseUrl(), openai.baseUrl());
    }

    @ParameterizedTest
    @CsvSource({
        "llama, fast, logprobs,     true",
        "llama, fast, top_logprobs, 3",
        "llama, fast, logit_bias,   '{\"50256\":-100}'",
        "small, eu,   logprobs,     true",
        "small, eu,   top_logprobs, 3",
        "small, eu,   logit_bias,   '{\"50256\":-100}'"
    })
    void refusesAParameterTheServerDoesNotSupportNamingTheProviderAndTheParameter(
            String model, String provider, String param, String value) throws Exception {
        try (FakeUpstream groq = new FakeUpstream();
                FakeUpstream mistral = new FakeUpstream();
                FakeUpstream openai = new FakeUpstream();
                TestGateway gateway = TestGateway.start(twoServers(groq, mistral, openai))) {
            var response = gateway.post(
                    "/v1/chat/completions",
                    "application/json",
                    "{\"model\":\"" + model + "\",\"" + param + "\":" + value + "," + MESSAGES + "}");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            JsonNode error = JSON.readTree(response.body()).get("error");
            assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.get("code").asText()).isEqualTo("unsupported_parameter");
            assertThat(error.get("param").asText()).isEqualTo(param);
            assertThat(error.get("message").asText())
                    .contains("'" + provider + "'")
                    .contains("'" + param + "'");
            assertThat(groq.received()).isEmpty();
            assertThat(mistral.received()).isEmpty();
        }
    }

    @Test
    void theSdkSeesTheRefusalAndAnotherDeploymentTakesTheRequestWhenOneCan() throws Exception {
        try (FakeUpstream groq = new FakeUpstream();
                FakeUpstream mistral = new FakeUpstream();
                FakeUpstream openai = new FakeUpstream();
                TestGateway gateway = TestGateway.start(twoServers(groq, mistral, openai))) {
            groq.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
            openai.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));

            assertThatThrownBy(() -> gateway.client()
                            .chat()
                            .completions()
                            .create(ChatCompletionCreateParams.builder()
                                    .model("llama")
                                    .addUserMessage("hi")
                                    .logprobs(true)
                                    .build()))
                    .isInstanceOfSatisfying(BadRequestException.class, e -> {
                        assertThat(e.code()).contains("unsupported_parameter");
                        assertThat(e.param()).contains("logprobs");
                    });
            var routedAround = gateway.post(
                    "/v1/chat/completions",
                    "application/json",
                    "{\"model\":\"either\",\"logprobs\":true,\"top_logprobs\":2," + MESSAGES + "}");
            var inert = gateway.post(
                    "/v1/chat/completions",
                    "application/json",
                    "{\"model\":\"llama\",\"logprobs\":false,\"logit_bias\":null," + MESSAGES + "}");

            assertThat(routedAround.statusCode()).as(routedAround.body()).isEqualTo(200);
            assertThat(openai.lastReceived().body().path("top_logprobs").asInt())
                    .isEqualTo(2);
            assertThat(inert.statusCode()).as(inert.body()).isEqualTo(200);
            assertThat(groq.received()).hasSize(1);
            assertThat(groq.lastReceived().body().has("logprobs")).isFalse();
            assertThat(groq.lastReceived().body().has("logit_bias")).isFalse();
        }
    }

    @Test
    void rewritesTheRequestForTheServersProfile() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream();
                TestGateway gateway = TestGateway.start("""
                        providers:
                          mistral:
                            type: openai
                            profile: mistral
                            base_url: %s
                            drop_params: [reasoning_effort]
                        models:
                          - name: mistral-small-latest
                            provider: mistral
                        """.formatted(upstream.baseUrl()))) {
            upstream.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));

            var response = gateway.post("/v1/chat/completions", "application/json", """
                    {"model":"mistral-small-latest","messages":[{"role":"user","content":"hi"}],
                     "seed":7,"max_completion_tokens":50,"user":"u-1","reasoning_effort":"low","temperature":0.3}""");

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode sent = upstream.lastReceived().body();
            assertThat(sent.path("random_seed").asInt()).isEqualTo(7);
            assertThat(sent.path("max_tokens").asInt()).isEqualTo(50);
            assertThat(sent.has("seed") || sent.has("max_completion_tokens")).isFalse();
            assertThat(sent.has("user") || sent.has("reasoning_effort")).isFalse();
            assertThat(sent.path("temperature").asDouble()).isEqualTo(0.3);
        }
    }
}
