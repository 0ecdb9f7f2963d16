package dev.gatehouse.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.testing.TestGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code limits.algorithm} through the real server with the OpenAI SDK, on a {@link ManualClock}:
 * what a per-minute limit admits over time (hardening issue #19: an input-TPM limit of 3,000 admitted
 * 4,845 tokens within 42.8 s with {@code sliding_window}).
 */
class PerMinuteLimitsEndToEndTest {

    private static String config(String algorithm) {
        return """
                providers:
                  mock:
                    type: mock
                    mock:
                      latency: 0ms
                models:
                  - name: gpt-4o
                    provider: mock
                limits:
                  algorithm: %s
                """.formatted(algorithm);
    }

    /** One admitted request: when (ms since the start) and the input tokens the provider counted. */
    private record Admitted(long at, long inputTokens, long remainingHeader) {}

    /** A question of about {@code words} input tokens. */
    private static ChatCompletionCreateParams ask(int words) {
        return ChatCompletionCreateParams.builder()
                .model("gpt-4o")
                .addUserMessage("limit ".repeat(words))
                .maxTokens(5)
                .build();
    }

    /**
     * Sends a request every 2.5 s for 130 s, starting ten seconds before a minute's edge, alternating
     * small and large ones, and keeps what was admitted. Refusals must carry a Retry-After.
     */
    private static List<Admitted> drive(ManualClock clock, OpenAIClient client) {
        List<Admitted> admitted = new ArrayList<>();
        clock.advance(Duration.ofSeconds(50));
        int[] sizes = {90, 600, 250, 900};
        for (int i = 0; i < 52; i++) {
            long at = 50_000 + i * 2_500L;
            try (HttpResponseFor<ChatCompletion> answer =
                    client.chat().completions().withRawResponse().create(ask(sizes[i % sizes.length]))) {
                long input = answer.parse().usage().orElseThrow().promptTokens();
                long remaining = Long.parseLong(
                        answer.headers().values("x-ratelimit-remaining-tokens").get(0));
                admitted.add(new Admitted(at, input, remaining));
            } catch (RateLimitException e) {
                assertThat(e.code()).contains("rate_limit_exceeded:key:input_tpm");
                assertThat(e.headers().values("retry-after")).hasSize(1);
            }
            clock.advance(Duration.ofMillis(2_500));
        }
        return admitted;
    }

    private static long inWindow(List<Admitted> admitted, long from, long length) {
        return admitted.stream()
                .filter(a -> a.at() >= from && a.at() < from + length)
                .mapToLong(Admitted::inputTokens)
                .sum();
    }

    @Test
    void aSlidingWindowAdmitsAtMostItsLimitInAnySixtySeconds() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestGateway gateway = TestGateway.start(clock, config("sliding_window"))) {
            OpenAIClient client = gateway.client(new AdminClient(gateway.port(), TestGateway.MASTER_KEY)
                    .createKey("{\"input_tpm_limit\":3000}")
                    .get("key")
                    .asText());
            List<Admitted> admitted = drive(clock, client);

            for (Admitted first : admitted) {
                assertThat(inWindow(admitted, first.at(), 60_000))
                        .as("input tokens admitted in the 60 s from %d ms", first.at())
                        .isLessThanOrEqualTo(3000);
                assertThat(first.remainingHeader())
                        .as("x-ratelimit-remaining-tokens at %d ms", first.at())
                        .isEqualTo(3000 - inWindow(admitted, first.at() - 59_999, 60_000));
            }
            assertThat(admitted.stream().mapToLong(Admitted::inputTokens).sum())
                    .as("the limit is used, not just refused")
                    .isGreaterThan(6000);
        }
    }

    @Test
    void aRefusalSaysWhenTheOldestTokensLeaveTheWindow() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestGateway gateway = TestGateway.start(clock, config("sliding_window"))) {
            OpenAIClient client = gateway.client(new AdminClient(gateway.port(), TestGateway.MASTER_KEY)
                    .createKey("{\"input_tpm_limit\":3000}")
                    .get("key")
                    .asText());
            clock.advance(Duration.ofSeconds(55));
            try (HttpResponseFor<ChatCompletion> first =
                    client.chat().completions().withRawResponse().create(ask(1500))) {
                first.parse();
                assertThat(first.headers().values("x-ratelimit-reset-tokens")).containsExactly("1m0s");
            }
            clock.advance(Duration.ofSeconds(10));
            client.chat().completions().create(ask(1000));
            clock.advance(Duration.ofSeconds(10));

            assertThatThrownBy(() -> client.chat().completions().create(ask(900)))
                    .isInstanceOfSatisfying(RateLimitException.class, e -> {
                        assertThat(e.headers().values("retry-after")).containsExactly("40");
                        assertThat(e.headers().values("x-ratelimit-reset-tokens"))
                                .containsExactly("50s");
                    });
            clock.advance(Duration.ofSeconds(40));
            client.chat().completions().create(ask(900));
        }
    }

    @Test
    void aTokenBucketAdmitsAtMostItsBurstPlusItsRefill() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestGateway gateway = TestGateway.start(clock, config("token_bucket"))) {
            OpenAIClient client = gateway.client(new AdminClient(gateway.port(), TestGateway.MASTER_KEY)
                    .createKey("{\"input_tpm_limit\":3000}")
                    .get("key")
                    .asText());
            List<Admitted> admitted = drive(clock, client);

            for (Admitted first : admitted) {
                for (Admitted last : admitted) {
                    long span = last.at() - first.at();
                    if (span >= 0) {
                        assertThat(inWindow(admitted, first.at(), span + 1))
                                .as("input tokens admitted from %d to %d ms", first.at(), last.at())
                                .isLessThanOrEqualTo(3000 + span * 3000 / 60_000);
                    }
                }
            }
            assertThat(inWindow(admitted, 50_000, 60_000))
                    .as("the burst on top of the refill: more than the limit in the first minute")
                    .isGreaterThan(3000);
        }
    }

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
