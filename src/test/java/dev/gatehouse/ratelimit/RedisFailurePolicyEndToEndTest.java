package dev.gatehouse.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** With Redis unreachable, limits fail open to local counters or fail closed with 503, and say so. */
class RedisFailurePolicyEndToEndTest {

    /** Nothing listens on port 1, so every Redis operation fails at once. */
    private static String config(String policy) {
        return """
                providers:
                  mock:
                    type: mock
                models:
                  - name: gpt-4o
                    provider: mock
                state:
                  type: redis
                  redis_url: redis://127.0.0.1:1
                  on_redis_failure: %s
                """.formatted(policy);
    }

    private static ChatCompletionCreateParams ask() {
        return ChatCompletionCreateParams.builder()
                .model("gpt-4o")
                .addUserMessage("hi")
                .maxTokens(10)
                .build();
    }

    @Test
    void failOpenFallsBackToLocalLimitsAndCountsTheFailures() throws Exception {
        try (TestGateway gateway = TestGateway.start(config("fail_open"))) {
            AdminClient admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
            OpenAIClient client = gateway.client(
                    admin.createKey("{\"rpm_limit\":1}").get("key").asText());

            client.chat().completions().create(ask());
            assertThatThrownBy(() -> client.chat().completions().create(ask()))
                    .isInstanceOfSatisfying(
                            RateLimitException.class,
                            e -> assertThat(e.code()).contains("rate_limit_exceeded:key:rpm"));

            AdminClient.Answer status = admin.call("GET", "/admin/v1/limits", null);
            assertThat(status.body().get("on_redis_failure").asText()).isEqualTo("fail_open");
            assertThat(status.body().get("redis_failures").asLong()).isGreaterThanOrEqualTo(2);
            assertThat(status.body().get("redis_down").asBoolean()).isTrue();
        }
    }

    @Test
    void failClosedAnswers503() throws Exception {
        try (TestGateway gateway = TestGateway.start(config("fail_closed"))) {
            AdminClient admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
            OpenAIClient client = gateway.client(
                    admin.createKey("{\"tpm_limit\":1000}").get("key").asText());

            assertThatThrownBy(() -> client.chat().completions().create(ask()))
                    .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.code()).contains("limits_unavailable");
                        assertThat(e.headers().values("retry-after")).isNotEmpty();
                    });
            assertThat(admin.call("GET", "/admin/v1/limits", null)
                            .body()
                            .get("redis_failures")
                            .asLong())
                    .isPositive();
        }
    }
}
