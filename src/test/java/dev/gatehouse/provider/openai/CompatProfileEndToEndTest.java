package dev.gatehouse.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** OpenAI-compatible servers are configuration: a profile's renames and drops reach the wire. */
class CompatProfileEndToEndTest {

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
                     "seed":7,"max_completion_tokens":50,"user":"u-1","logit_bias":{"1":2},"reasoning_effort":"low","temperature":0.3}""");

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode sent = upstream.lastReceived().body();
            assertThat(sent.path("random_seed").asInt()).isEqualTo(7);
            assertThat(sent.path("max_tokens").asInt()).isEqualTo(50);
            assertThat(sent.has("seed") || sent.has("max_completion_tokens")).isFalse();
            assertThat(sent.has("user") || sent.has("logit_bias") || sent.has("reasoning_effort"))
                    .isFalse();
            assertThat(sent.path("temperature").asDouble()).isEqualTo(0.3);
        }
    }
}
