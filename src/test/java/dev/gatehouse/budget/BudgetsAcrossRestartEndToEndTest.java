package dev.gatehouse.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.TestGateway;
import dev.gatehouse.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A budget's spend outlives the place its counter lives: with {@code state: memory}, a gateway started
 * again on the same store refuses what the first one had come to refuse, and with {@code state: redis},
 * a Redis that lost its data does not give a budget a fresh start. Either way the counter starts again
 * from the spend the usage store holds.
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

    private String redisConfig(String redisUrl) {
        return config().replace("state: memory", "state:\n  type: redis\n  redis_url: " + redisUrl);
    }

    private static ChatCompletionCreateParams ask() {
        return ChatCompletionCreateParams.builder()
                .model("pricey")
                .addUserMessage("hello")
                .maxTokens(30)
                .build();
    }

    private static void assertRefusedByItsKeyBudget(OpenAIClient client) {
        assertThatThrownBy(() -> client.chat().completions().create(ask()))
                .isInstanceOfSatisfying(
                        RateLimitException.class, e -> assertThat(e.code()).contains("budget_exceeded:key"));
    }

    @Test
    void aKeyThatSpentItsBudgetIsStillRefusedAfterARestart() throws Exception {
        gateway = TestGateway.start(config());
        AdminClient admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
        String spender = admin.createKey("{\"max_budget\":0.1,\"budget_duration\":\"day\"}")
                .get("key")
                .asText();
        String fresh = admin.createKey("{\"max_budget\":0.1,\"budget_duration\":\"day\"}")
                .get("key")
                .asText();
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
                .as("the same request fits a budget with nothing spent")
                .isNotEmpty();
    }

    @Test
    void aBudgetCounterRedisLostIsSeededAgainFromTheUsageStore() throws Exception {
        String redisUrl = TestServices.redis();
        gateway = TestGateway.start(redisConfig(redisUrl));
        AdminClient admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
        JsonNode created = admin.createKey("{\"max_budget\":0.2,\"budget_duration\":\"day\"}");
        OpenAIClient client = gateway.client(created.get("key").asText());
        double spent = 0;
        for (int i = 0; i < 3; i++) {
            spent += cost(client.chat().completions().create(ask()));
        }
        gateway.server().usage().writer().flushed().get(10, TimeUnit.SECONDS);

        assertThat(forgetInRedis(redisUrl, created.get("id").asText()))
                .as("the key's counters were in Redis")
                .isPositive();

        int answered = 0;
        while (true) {
            try {
                spent += cost(client.chat().completions().create(ask()));
                answered++;
            } catch (RateLimitException e) {
                assertThat(e.code()).contains("budget_exceeded:key");
                break;
            }
            assertThat(answered)
                    .as("requests admitted after Redis lost the counter")
                    .isLessThan(10);
        }
        assertThat(spent)
                .as("what was spent before Redis lost its data still counts")
                .isLessThanOrEqualTo(0.2);
        // Refused only once the rest of the budget could not hold another worst case (39 tokens at most).
        assertThat(spent).isGreaterThan(0.2 - 2 * 0.039);
    }

    /** $1,000 per million tokens: a tenth of a cent a token. */
    private static double cost(ChatCompletion c) {
        return (c.usage().orElseThrow().promptTokens() + c.usage().orElseThrow().completionTokens()) / 1000.0;
    }

    /**
     * Deletes every Redis key naming {@code keyId}, as a Redis restarted without its data would have
     * lost them, without touching other tests' keys on the shared server. Returns how many it deleted.
     */
    private static long forgetInRedis(String redisUrl, String keyId) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Redis redis = Redis.createClient(vertx, redisUrl);
            long deleted = 0;
            String cursor = "0";
            do {
                Response page = redis.send(Request.cmd(Command.SCAN)
                                .arg(cursor)
                                .arg("MATCH")
                                .arg("*" + keyId + "*")
                                .arg("COUNT")
                                .arg(1000))
                        .await(10, TimeUnit.SECONDS);
                cursor = page.get(0).toString();
                for (Response key : page.get(1)) {
                    deleted += redis.send(Request.cmd(Command.DEL).arg(key.toString()))
                            .await(10, TimeUnit.SECONDS)
                            .toLong();
                }
            } while (!cursor.equals("0"));
            redis.close();
            return deleted;
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }
}
