package dev.gatehouse.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.TestGateway;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code state: memory}, a budget's spend outlives the process: a gateway started again on the
 * same store refuses what the first one had come to refuse, instead of starting every budget at zero.
 */
class BudgetsAcrossRestartEndToEndTest {

    @TempDir
    Path dir;

    private TestGateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** $1,000 per million tokens: a tenth of a cent a token, so a few requests reach a budget of cents. */
    private String config() {
        return """
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
                store:
                  type: sqlite
                  path: "%s"
                usage:
                  spool_dir: "%s"
                state: memory
                """.formatted(dir.resolve("gatehouse.db"), dir.resolve("spool"));
    }

    private static ChatCompletionCreateParams ask() {
        return ChatCompletionCreateParams.builder().model("pricey").addUserMessage("hello").maxTokens(30).build();
    }

    private static void assertRefusedByItsKeyBudget(OpenAIClient client) {
        assertThatThrownBy(() -> client.chat().completions().create(ask()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(e.code()).contains("budget_exceeded:key"));
    }

    @Test
    void aKeyThatSpentItsBudgetIsStillRefusedAfterARestart() throws Exception {
        gateway = TestGateway.start(config());
        AdminClient admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
        String spender = admin.createKey("{\"max_budget\":0.1,\"budget_duration\":\"day\"}").get("key").asText();
        String fresh = admin.createKey("{\"max_budget\":0.1,\"budget_duration\":\"day\"}").get("key").asText();
        OpenAIClient client = gateway.client(spender);
        int answered = 0;
        while (true) {
            try {
                client.chat().completions().create(ask());
                answered++;
            } catch (RateLimitException e) {
                assertThat(e.code()).contains("budget_exceeded:key");
                break;
            }
        }
        assertThat(answered).as("the budget holds a few requests").isBetween(2, 5);
        gateway.close();
        gateway = null;

        gateway = TestGateway.start(config());

        assertRefusedByItsKeyBudget(gateway.client(spender));
        assertThat(gateway.client(fresh).chat().completions().create(ask()).choices())
                .as("the same request fits a budget with nothing spent").isNotEmpty();
    }
}
