package dev.gatehouse.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.TestGateway;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Dollar budgets through the real server with the OpenAI SDK: soft-limit warning header, then 429 at the cap. */
class BudgetsEndToEndTest {

    /** $1,000 per million tokens: a tenth of a cent a token, so a few requests reach a budget of cents. */
    private static final String CONFIG = """
            providers:
              mock:
                type: mock
                mock:
                  chunk_interval: 0ms
                  reply_words: 20
            models:
              - name: pricey
                provider: mock
                prices:
                  input: 1000
                  output: 1000
            """;

    private static TestGateway gateway;
    private static AdminClient admin;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(CONFIG);
        admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static ChatCompletionCreateParams ask(long maxTokens) {
        return ChatCompletionCreateParams.builder()
                .model("pricey")
                .addUserMessage("hello")
                .maxTokens(maxTokens)
                .build();
    }

    private static double cost(ChatCompletion c) {
        return (c.usage().orElseThrow().promptTokens() + c.usage().orElseThrow().completionTokens()) / 1000.0;
    }

    @Test
    void warnsPastTheSoftLimitThenRefusesAtTheCapNamingTheScope() throws Exception {
        JsonNode key = admin.createKey("{\"max_budget\":0.2,\"soft_budget\":0.1,\"budget_duration\":\"day\"}");
        OpenAIClient client = gateway.client(key.get("key").asText());

        double spent = 0;
        String warning = null;
        while (warning == null) {
            try (HttpResponseFor<ChatCompletion> r =
                    client.chat().completions().withRawResponse().create(ask(60))) {
                List<String> w = r.headers().values("x-gatehouse-budget-warning");
                warning = w.isEmpty() ? null : w.get(0);
                spent += cost(r.parse());
                assertThat(spent).isLessThan(0.2);
            }
        }
        assertThat(warning)
                .startsWith("key " + key.get("id").asText() + " has used")
                .contains("of 0.20 USD today");

        RateLimitException refused = null;
        while (refused == null) {
            try {
                spent += cost(client.chat().completions().create(ask(60)));
            } catch (RateLimitException e) {
                refused = e;
            }
        }
        assertThat(spent).isLessThanOrEqualTo(0.2);
        assertThat(refused.code()).contains("budget_exceeded:key");
        assertThat(Long.parseLong(refused.headers().values("retry-after").get(0)))
                .isBetween(1L, 86_400L);
    }

    @Test
    void aTeamBudgetCoversAllItsKeys() throws Exception {
        admin.call("POST", "/admin/v1/teams", "{\"team_id\":\"frugal\",\"max_budget\":0.05}");
        OpenAIClient one = gateway.client(
                admin.createKey("{\"team_id\":\"frugal\"}").get("key").asText());
        OpenAIClient two = gateway.client(
                admin.createKey("{\"team_id\":\"frugal\"}").get("key").asText());
        one.chat().completions().create(ask(30));
        assertThatThrownBy(() -> two.chat().completions().create(ask(30)))
                .isInstanceOfSatisfying(
                        RateLimitException.class, e -> assertThat(e.code()).contains("budget_exceeded:team"));
    }

    @Test
    void aModelPricedOnlyInThePricesSectionCountsAgainstBudgets() throws Exception {
        try (TestGateway overridden = TestGateway.start("""
                providers:
                  mock:
                    type: mock
                    mock:
                      chunk_interval: 0ms
                      reply_words: 20
                models:
                  - name: bespoke
                    provider: mock
                prices:
                  bespoke: {input: 1000, output: 1000}
                """)) {
            AdminClient local = new AdminClient(overridden.port(), TestGateway.MASTER_KEY);
            OpenAIClient client = overridden.client(
                    local.createKey("{\"max_budget\":0.1}").get("key").asText());
            ChatCompletionCreateParams request = ChatCompletionCreateParams.builder()
                    .model("bespoke")
                    .addUserMessage("hello")
                    .maxTokens(30)
                    .build();

            double spent = 0;
            for (int i = 0; i < 10; i++) {
                try {
                    spent += cost(client.chat().completions().create(request));
                } catch (RateLimitException e) {
                    assertThat(e.code()).contains("budget_exceeded:key");
                    assertThat(spent)
                            .as("refused at the cap, at the prices: section's rates")
                            .isBetween(0.05, 0.1);
                    return;
                }
            }
            throw new AssertionError("ten requests at $0.001 a token never reached a $0.10 budget: spent " + spent);
        }
    }
}
