package dev.gatehouse.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.TestGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Limits and budgets reserve a request's input tokens by their ceiling (UTF-8 bytes), and count them
 * with the tokenizer only when the ceiling is refused: what is admitted is what the count admits.
 */
class TokenCeilingEndToEndTest {

    private static final String CONFIG = """
            providers:
              mock:
                type: mock
                mock:
                  chunk_interval: 0ms
            models:
              - name: gpt-4o-mini
                provider: mock
            """;

    /** 45 words, 270 bytes: about 50 tokens counted, 270 by the ceiling. */
    private static final String PROMPT = "Please write a short note about rate limits. ".repeat(6);

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
                .model("gpt-4o-mini")
                .addUserMessage(PROMPT)
                .maxTokens(maxTokens)
                .build();
    }

    @Test
    void aRequestWhoseCeilingIsOverTheTokenLimitButWhoseCountFitsIsAdmittedAtItsCount() throws Exception {
        OpenAIClient client =
                gateway.client(admin.createKey("{\"tpm_limit\":150}").get("key").asText());
        try (HttpResponseFor<ChatCompletion> answer =
                client.chat().completions().withRawResponse().create(ask(20))) {
            long prompt = answer.parse().usage().orElseThrow().promptTokens();
            assertThat(prompt + 20).isLessThan(150);
            long remaining = Long.parseLong(
                    answer.headers().values("x-ratelimit-remaining-tokens").get(0));
            // Reserved at the count (the ceiling of ~280 did not fit in 150), so the header shows the count.
            assertThat(remaining).isEqualTo(150 - prompt - 20);
        }
    }

    @Test
    void aRequestWhoseCountDoesNotFitEitherIsRefusedNamingTokens() throws Exception {
        OpenAIClient client =
                gateway.client(admin.createKey("{\"tpm_limit\":60}").get("key").asText());
        assertThatThrownBy(() -> client.chat().completions().create(ask(20)))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.code()).contains("rate_limit_exceeded:key:tpm");
                    // The ceiling would need 300 (280 + 20); the refusal reports the count.
                    assertThat(e.getMessage()).contains("this request needs").doesNotContain("needs 300");
                });
    }

    @Test
    void aBudgetRefusesOnlyWhenTheCountedWorstCaseWouldPassItsCap() throws Exception {
        // gpt-4o-mini: 0.15 USD per million input tokens, 0.60 per million output. A cap of 0.0001 USD
        // fits ~50 input + 100 output tokens (0.0000675) but not the ceiling's ~280 input + 100 output
        // (0.000102).
        String team = "ceiling-team";
        assertThat(admin.call("POST", "/admin/v1/teams", "{\"team_id\":\"" + team + "\",\"max_budget\":0.0001}")
                        .status())
                .isEqualTo(201);
        OpenAIClient client = gateway.client(
                admin.createKey("{\"team_id\":\"" + team + "\"}").get("key").asText());

        assertThat(client.chat().completions().create(ask(100)).choices()).isNotEmpty();
    }
}
