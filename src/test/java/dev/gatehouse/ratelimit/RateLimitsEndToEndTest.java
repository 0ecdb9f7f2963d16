package dev.gatehouse.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.core.http.Headers;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.TestGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Limits through the real server with the official OpenAI SDK: headers on every answer, 429 + Retry-After, settle to real usage. */
class RateLimitsEndToEndTest {

    private static final String CONFIG = """
            providers:
              mock:
                type: mock
                mock:
                  chunk_interval: 0ms
              slow:
                type: mock
                mock:
                  latency: 300ms
            models:
              - name: gpt-4o-mini
                provider: mock
              - name: slow-model
                provider: slow
            limits:
              rpm_limit: 100000
              default_max_tokens: 500
              model_rpm_limit:
                slow-model: 100000
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

    private static OpenAIClient keyWith(String limits) throws Exception {
        return gateway.client(admin.createKey(limits).get("key").asText());
    }

    private static ChatCompletionCreateParams ask(String model, long maxTokens) {
        return ChatCompletionCreateParams.builder()
                .model(model)
                .addUserMessage("Say something about limits")
                .maxTokens(maxTokens)
                .build();
    }

    private static String header(Headers headers, String name) {
        List<String> values = headers.values(name);
        return values.isEmpty() ? null : values.get(0);
    }

    @Test
    void everyAnswerCarriesOpenAisHeadersAndTheThirdRequestOfTwoPerMinuteIsRefused() throws Exception {
        OpenAIClient client = keyWith("{\"rpm_limit\":2,\"tpm_limit\":10000}");
        try (HttpResponseFor<ChatCompletion> first =
                client.chat().completions().withRawResponse().create(ask("gpt-4o-mini", 100))) {
            assertThat(header(first.headers(), "x-ratelimit-limit-requests")).isEqualTo("2");
            assertThat(header(first.headers(), "x-ratelimit-remaining-requests"))
                    .isEqualTo("1");
            assertThat(header(first.headers(), "x-ratelimit-reset-requests")).isEqualTo("30s");
            assertThat(header(first.headers(), "x-ratelimit-limit-tokens")).isEqualTo("10000");
            assertThat(Long.parseLong(header(first.headers(), "x-ratelimit-remaining-tokens")))
                    .isBetween(9800L, 9900L);
            assertThat(header(first.headers(), "x-ratelimit-reset-tokens")).isNotBlank();
            first.parse();
        }
        client.chat().completions().create(ask("gpt-4o-mini", 100));

        assertThatThrownBy(() -> client.chat().completions().create(ask("gpt-4o-mini", 100)))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.code()).contains("rate_limit_exceeded:key:rpm");
                    assertThat(header(e.headers(), "retry-after")).isEqualTo("30");
                    assertThat(header(e.headers(), "x-ratelimit-remaining-requests"))
                            .isEqualTo("0");
                });
    }

    @Test
    void aRequestWhoseMaxTokensExceedTheTokenLimitIsRefusedNamingTokens() throws Exception {
        OpenAIClient client = keyWith("{\"tpm_limit\":1000}");
        assertThatThrownBy(() -> client.chat().completions().create(ask("gpt-4o-mini", 2000)))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.code()).contains("rate_limit_exceeded:key:tpm");
                    assertThat(header(e.headers(), "retry-after")).isEqualTo("60");
                });
    }

    @Test
    void tokensReservedButNotUsedAreGivenBackAfterTheAnswerAndAfterAStream() throws Exception {
        OpenAIClient client = keyWith("{\"output_tpm_limit\":6000}");
        ChatCompletion done = client.chat().completions().create(ask("gpt-4o-mini", 5000));
        long used = done.usage().orElseThrow().completionTokens();

        long usedNext;
        try (HttpResponseFor<ChatCompletion> next =
                client.chat().completions().withRawResponse().create(ask("gpt-4o-mini", 1000))) {
            long remaining = Long.parseLong(header(next.headers(), "x-ratelimit-remaining-tokens"));
            // The 5000 reserved came back but for what was used; the bucket refills 100/s meanwhile, hence the upper
            // bound.
            assertThat(remaining).isBetween(6000 - used - 1000, 5000L);
            usedNext = next.parse().usage().orElseThrow().completionTokens();
        }

        ChatCompletionCreateParams streamed = ChatCompletionCreateParams.builder()
                .model("gpt-4o-mini")
                .addUserMessage("stream it")
                .maxTokens(3000)
                .streamOptions(
                        ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        long streamedTokens = 0;
        try (StreamResponse<ChatCompletionChunk> stream =
                client.chat().completions().createStreaming(streamed)) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
                if (chunk.usage().isPresent()) {
                    streamedTokens = chunk.usage().get().completionTokens();
                }
            }
        }
        assertThat(streamedTokens).isPositive();
        long spent = used + usedNext + streamedTokens;
        try (HttpResponseFor<ChatCompletion> after =
                client.chat().completions().withRawResponse().create(ask("gpt-4o-mini", 3000))) {
            long left = Long.parseLong(header(after.headers(), "x-ratelimit-remaining-tokens"));
            // Had the stream's 3000 not come back when it ended, this second 3000 would not fit at all.
            assertThat(left).isBetween(6000 - spent - 3000, 3000L);
        }
    }

    @Test
    void parallelRequestsBeyondTheLimitAreRefusedWhileOthersRun() throws Exception {
        OpenAIClient client = keyWith("{\"max_parallel_requests\":2}");
        AtomicInteger refused = new AtomicInteger();
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(CompletableFuture.runAsync(() -> {
                try {
                    client.chat().completions().create(ask("slow-model", 10));
                } catch (RateLimitException e) {
                    assertThat(e.code()).contains("rate_limit_exceeded:key:parallel");
                    refused.incrementAndGet();
                }
            }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        assertThat(refused.get()).isEqualTo(3);
        client.chat().completions().create(ask("slow-model", 10));
    }

    @Test
    void aTeamLimitHoldsAcrossItsKeys() throws Exception {
        admin.call("POST", "/admin/v1/teams", "{\"team_id\":\"small\",\"rpm_limit\":1}");
        OpenAIClient one = keyWith("{\"team_id\":\"small\"}");
        OpenAIClient two = keyWith("{\"team_id\":\"small\"}");
        one.chat().completions().create(ask("gpt-4o-mini", 10));
        assertThatThrownBy(() -> two.chat().completions().create(ask("gpt-4o-mini", 10)))
                .isInstanceOfSatisfying(
                        RateLimitException.class, e -> assertThat(e.code()).contains("rate_limit_exceeded:team:rpm"));
    }

    @Test
    void aPerModelLimitHoldsForThatModelOnly() throws Exception {
        OpenAIClient client = keyWith("{\"model_rpm_limit\":{\"gpt-4o-mini\":1}}");
        client.chat().completions().create(ask("gpt-4o-mini", 10));
        assertThatThrownBy(() -> client.chat().completions().create(ask("gpt-4o-mini", 10)))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.code()).contains("rate_limit_exceeded:key:rpm:gpt-4o-mini");
                    assertThat(e.getMessage()).contains("with model gpt-4o-mini");
                });
        client.chat().completions().create(ask("slow-model", 10));
        assertThat(admin.call("POST", "/admin/v1/keys", "{\"model_tpm_limit\":{\"gpt-4o\":-1}}")
                        .body()
                        .at("/error/param")
                        .asText())
                .isEqualTo("model_tpm_limit");
    }

    @Test
    void globalLimitsFromConfigApplyToEveryKey() throws Exception {
        try (HttpResponseFor<ChatCompletion> r =
                gateway.client().chat().completions().withRawResponse().create(ask("gpt-4o-mini", 10))) {
            assertThat(header(r.headers(), "x-ratelimit-limit-requests")).isEqualTo("100000");
        }
    }
}
