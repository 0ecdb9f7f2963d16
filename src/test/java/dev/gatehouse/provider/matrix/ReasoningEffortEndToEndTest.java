package dev.gatehouse.provider.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.json.Json;
import dev.gatehouse.metering.UsageRecord;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OpenAI's {@code reasoning_effort} reaches the providers whose models take a thinking budget
 * instead: Anthropic as extended thinking ({@code thinking: {type: enabled, budget_tokens}}, with
 * {@code max_tokens} above the budget), Claude on Bedrock the same inside
 * {@code additionalModelRequestFields}, Gemini as {@code thinkingConfig.thinkingBudget}. The budgets
 * are Google's documented ones for its OpenAI-compatible endpoint (low 1K, medium 8K, high 24K). The
 * thinking comes back inside the provider's output count and is charged as output.
 */
class ReasoningEffortEndToEndTest {

    private static final String CHAT = """
            {"model":"%s","messages":[{"role":"user","content":"Hello"}],%s"reasoning_effort":"%s"}""";

    private static FakeUpstream anthropic;
    private static FakeUpstream bedrock;
    private static FakeUpstream gemini;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        anthropic = new FakeUpstream();
        bedrock = new FakeUpstream();
        gemini = new FakeUpstream();
        StringBuilder yaml = new StringBuilder(TestGateway.SINGLE_ATTEMPT).append("providers:\n");
        provider(yaml, "claude", new AnthropicDialect().providerYaml(root(anthropic)));
        provider(yaml, "aws", new BedrockDialect().providerYaml(root(bedrock)));
        provider(yaml, "google", new GeminiDialect().providerYaml(root(gemini)));
        yaml.append("""
                models:
                  - {name: thinker-claude, provider: claude, model: claude-sonnet-4-20250514}
                  - {name: thinker-bedrock, provider: aws, model: "us.anthropic.claude-sonnet-4-20250514-v1:0"}
                  - {name: thinker-gemini, provider: google, model: gemini-2.5-flash}
                """);
        gateway = TestGateway.start(yaml.toString());
    }

    private static String root(FakeUpstream fake) {
        return fake.baseUrl().substring(0, fake.baseUrl().length() - "/v1".length());
    }

    private static void provider(StringBuilder yaml, String name, String fields) {
        yaml.append("  ").append(name).append(":\n");
        for (String line : fields.strip().split("\n")) {
            yaml.append("    ").append(line).append('\n');
        }
    }

    @AfterAll
    static void stop() {
        gateway.close();
        anthropic.close();
        bedrock.close();
        gemini.close();
    }

    @Test
    void anthropicThinksWithTheBudgetOfTheEffortAndChargesTheThinkingAsOutput() throws Exception {
        anthropic.then(FakeUpstream.json(200, Fixtures.text("anthropic/message-thinking-tool.json")));
        HttpResponse<String> response =
                send(CHAT.formatted("thinker-claude", "\"max_completion_tokens\":100,", "high"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

        JsonNode sent = anthropic.lastReceived().body();
        assertThat(sent.path("thinking")).isEqualTo(Json.parse("{\"type\":\"enabled\",\"budget_tokens\":24576}"));
        // budget_tokens must stay below max_tokens: the 100 answer tokens the client asked for come on top.
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(24_676);

        // The fixture's output_tokens (96) include the thinking; claude-sonnet-4 output is 15.00 per
        // million. Input: 12 uncached at 3.00, 20,480 cache reads at 0.30, 110 five-minute writes at
        // 3.75 and 200 one-hour writes at 6.00.
        UsageRecord r = record(response);
        assertThat(r.outputTokens()).isEqualTo(96);
        assertThat(r.inputTokens()).isEqualTo(20_802);
        double usd = (12 * 3.00 + 20_480 * 0.30 + 110 * 3.75 + 200 * 6.00 + 96 * 15.00) / 1_000_000.0;
        assertThat(r.costUsd()).isCloseTo(usd, within(1e-12));
    }

    @Test
    void anthropicKeepsALimitAlreadyAboveTheBudgetAndThinksNotAtAllForNone() throws Exception {
        anthropic.then(FakeUpstream.json(200, Fixtures.text("anthropic/message-hello.json")));
        assertThat(send(CHAT.formatted("thinker-claude", "\"max_completion_tokens\":20000,", "medium"))
                        .statusCode())
                .isEqualTo(200);
        JsonNode medium = anthropic.lastReceived().body();
        assertThat(medium.path("thinking").path("budget_tokens").asInt()).isEqualTo(8192);
        assertThat(medium.path("max_tokens").asInt()).isEqualTo(20_000);

        anthropic.then(FakeUpstream.json(200, Fixtures.text("anthropic/message-hello.json")));
        assertThat(send(CHAT.formatted("thinker-claude", "", "minimal")).statusCode())
                .isEqualTo(200);
        // Anthropic's smallest budget; the provider's default limit (AnthropicDialect: 1024) is added.
        JsonNode minimal = anthropic.lastReceived().body();
        assertThat(minimal.path("thinking").path("budget_tokens").asInt()).isEqualTo(1024);
        assertThat(minimal.path("max_tokens").asInt()).isEqualTo(1024 + AnthropicDialect.DEFAULT_MAX_TOKENS);

        anthropic.then(FakeUpstream.json(200, Fixtures.text("anthropic/message-hello.json")));
        assertThat(send(CHAT.formatted("thinker-claude", "", "none")).statusCode())
                .isEqualTo(200);
        assertThat(anthropic.lastReceived().body().has("thinking")).isFalse();
    }

    @Test
    void claudeOnBedrockGetsTheBudgetInAdditionalModelRequestFields() throws Exception {
        bedrock.then(FakeUpstream.json(200, Fixtures.text("bedrock/converse-reasoning.json")));
        HttpResponse<String> response =
                send(CHAT.formatted("thinker-bedrock", "\"max_completion_tokens\":500,", "low"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode sent = bedrock.lastReceived().body();
        assertThat(sent.path("additionalModelRequestFields").path("thinking"))
                .isEqualTo(Json.parse("{\"type\":\"enabled\",\"budget_tokens\":1024}"));
        assertThat(sent.path("inferenceConfig").path("maxTokens").asInt()).isEqualTo(1524);
        // The reasoning block is not text for the client; its tokens are in outputTokens (131),
        // charged at claude-sonnet-4's output rate (15.00), the 40 input tokens at 3.00.
        assertThat(Json.parse(response.body())
                        .path("choices")
                        .path(0)
                        .path("message")
                        .path("content")
                        .asText())
                .isEqualTo("Hello! How can I help you today?");
        UsageRecord r = record(response);
        assertThat(r.outputTokens()).isEqualTo(131);
        assertThat(r.costUsd()).isCloseTo((40 * 3.00 + 131 * 15.00) / 1_000_000.0, within(1e-12));
    }

    @Test
    void geminiGetsAThinkingBudgetAndNoneTurnsThinkingOff() throws Exception {
        gemini.then(FakeUpstream.json(200, Fixtures.text("gemini/chat-cached-thinking.json")));
        assertThat(send(CHAT.formatted("thinker-gemini", "", "medium")).statusCode())
                .isEqualTo(200);
        assertThat(gemini.lastReceived().body().path("generationConfig").path("thinkingConfig"))
                .isEqualTo(Json.parse("{\"thinkingBudget\":8192}"));

        gemini.then(FakeUpstream.json(200, Fixtures.text("gemini/chat-hello.json")));
        assertThat(send(CHAT.formatted("thinker-gemini", "", "none")).statusCode())
                .isEqualTo(200);
        assertThat(gemini.lastReceived().body().path("generationConfig").path("thinkingConfig"))
                .isEqualTo(Json.parse("{\"thinkingBudget\":0}"));
    }

    @Test
    void aBudgetReservesTheOutputTheThinkingCanAdd() throws Exception {
        // $0.10: the worst case of 100 answer tokens at claude-sonnet-4's 15.00 per million fits; with
        // "high" the request may produce 24,676 output tokens (~$0.37), which does not, so the budget
        // refuses it before Anthropic is called instead of learning of the cost afterwards.
        AdminClient admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
        String key = admin.createKey("{\"max_budget\":0.10}").get("key").asText();
        int before = anthropic.received().size();
        HttpResponse<String> thinking =
                send(key, CHAT.formatted("thinker-claude", "\"max_completion_tokens\":100,", "high"));
        assertThat(thinking.statusCode()).as(thinking.body()).isEqualTo(429);
        assertThat(Json.parse(thinking.body()).path("error").path("code").asText())
                .startsWith("budget_exceeded");
        assertThat(anthropic.received()).hasSize(before);

        anthropic.then(FakeUpstream.json(200, Fixtures.text("anthropic/message-hello.json")));
        HttpResponse<String> plain =
                send(key, CHAT.formatted("thinker-claude", "\"max_completion_tokens\":100,", "none"));
        assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
    }

    @Test
    void anEffortOpenAiDoesNotDefineIsRefusedNamingTheField() throws Exception {
        int before = anthropic.received().size();
        HttpResponse<String> response = send(CHAT.formatted("thinker-claude", "", "extreme"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.parse(response.body()).path("error").path("param").asText())
                .isEqualTo("reasoning_effort");
        assertThat(anthropic.received()).hasSize(before);
    }

    private static HttpResponse<String> send(String body) throws Exception {
        return send(TestGateway.MASTER_KEY, body);
    }

    private static HttpResponse<String> send(String key, String body) throws Exception {
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static UsageRecord record(HttpResponse<String> response) {
        String id = response.headers().firstValue("x-request-id").orElseThrow();
        return await("usage record")
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> {
                            gateway.server().usage().writer().flushed().get(10, TimeUnit.SECONDS);
                            return gateway.server().usage().store().find(id);
                        },
                        Objects::nonNull);
    }
}
