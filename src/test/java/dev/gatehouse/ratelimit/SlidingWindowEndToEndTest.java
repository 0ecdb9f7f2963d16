package dev.gatehouse.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.TestGateway;
import org.junit.jupiter.api.Test;

/** {@code limits.algorithm: sliding_window} through the real server. */
class SlidingWindowEndToEndTest {

    @Test
    void theConfiguredSlidingWindowRefusesTheRequestPastTheLimit() throws Exception {
        try (TestGateway gateway = TestGateway.start("""
                providers:
                  mock:
                    type: mock
                models:
                  - name: gpt-4o
                    provider: mock
                limits:
                  algorithm: sliding_window
                """)) {
            OpenAIClient client = gateway.client(new AdminClient(gateway.port(), TestGateway.MASTER_KEY)
                    .createKey("{\"rpm_limit\":2}")
                    .get("key")
                    .asText());
            ChatCompletionCreateParams ask = ChatCompletionCreateParams.builder()
                    .model("gpt-4o")
                    .addUserMessage("hi")
                    .maxTokens(5)
                    .build();
            client.chat().completions().create(ask);
            client.chat().completions().create(ask);
            assertThatThrownBy(() -> client.chat().completions().create(ask))
                    .isInstanceOfSatisfying(RateLimitException.class, e -> {
                        assertThat(e.code()).contains("rate_limit_exceeded:key:rpm");
                        assertThat(e.headers().values("retry-after")).hasSize(1);
                    });
        }
    }
}
