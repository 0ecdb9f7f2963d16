package dev.gatehouse.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.GatewayProcess;
import dev.gatehouse.testing.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The replica test: two gateway processes sharing one PostgreSQL and one Redis. Limits and budgets
 * hold for the gateway as a whole (not limit × instances), and a key made or revoked on one instance
 * is served so by the other. Separate processes run on the system clock: a test waits for what
 * the other instance answers, and bounds the wait only as a test timeout (the news travels by Redis
 * pub/sub and no timer, so without it nothing would arrive at all); it prints how long it took.
 */
class ReplicaEndToEndTest {

    private static final String MASTER = "sk-replica-master-key-00000000001";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The configured price: $1,000 per million tokens, in and out, so a dollar buys 1,000 tokens. */
    private static final double USD_PER_TOKEN = 0.001;

    private static GatewayProcess a;
    private static GatewayProcess b;
    private static AdminClient adminA;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        String pg = TestServices.postgresSchema();
        String redis = TestServices.redis();
        Path config = Files.createTempFile("gatehouse-replica", ".yaml");
        Files.writeString(config, """
                server:
                  master_key: %s
                providers:
                  mock:
                    type: mock
                    mock:
                      latency: 50ms
                      chunk_interval: 0ms
                      reply_words: 40
                models:
                  - name: metered
                    provider: mock
                    prices:
                      input: 1000
                      output: 1000
                store:
                  type: postgres
                  url: "%s"
                state:
                  type: redis
                  redis_url: %s
                """.formatted(MASTER, pg, redis));
        a = GatewayProcess.start(config);
        b = GatewayProcess.start(config);
        adminA = new AdminClient(a.port(), MASTER);
    }

    @AfterAll
    static void stop() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    /** One finished request: its status and, when it succeeded, the tokens it used. */
    private record Outcome(int status, long promptTokens, long completionTokens, String code) {}

    private static CompletableFuture<Outcome> send(GatewayProcess to, String key, int maxTokens) {
        String body = "{\"model\":\"metered\",\"max_tokens\":" + maxTokens
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story about limits\"}]}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(to.baseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(60))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            try {
                JsonNode json = JSON.readTree(r.body());
                if (r.statusCode() == 200) {
                    return new Outcome(
                            200,
                            json.path("usage").path("prompt_tokens").asLong(),
                            json.path("usage").path("completion_tokens").asLong(),
                            null);
                }
                return new Outcome(
                        r.statusCode(), 0, 0, json.path("error").path("code").asText());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Waits until instance B accepts a key just made on A. */
    private static void awaitOnB(String key) {
        await("new key known on the other instance")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> HTTP.send(
                                        HttpRequest.newBuilder(URI.create(b.baseUrl() + "/models"))
                                                .header("authorization", "Bearer " + key)
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
    }

    /** 200 requests at once, alternating between the two instances. */
    private static List<Outcome> burst(String key, int maxTokens) throws Exception {
        awaitOnB(key);
        List<CompletableFuture<Outcome>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(send(i % 2 == 0 ? a : b, key, maxTokens));
        }
        return all.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void twoHundredConcurrentRequestsOnTwoInstancesNeverSpendMoreThanTheBudget() throws Exception {
        String key = adminA.createKey("{\"max_budget\":1.00,\"budget_duration\":\"day\"}")
                .get("key")
                .asText();
        List<Outcome> outcomes = burst(key, 40);

        double spent = outcomes.stream()
                .filter(o -> o.status() == 200)
                .mapToDouble(o -> (o.promptTokens() + o.completionTokens()) * USD_PER_TOKEN)
                .sum();
        long admitted = outcomes.stream().filter(o -> o.status() == 200).count();
        long refused = outcomes.stream()
                .filter(o -> o.status() == 429 && o.code().equals("budget_exceeded:key"))
                .count();
        System.out.printf("replica budget: admitted=%d refused=%d spent=$%.4f of $1.00%n", admitted, refused, spent);

        assertThat(admitted + refused).isEqualTo(200);
        // The documented bound is zero here: the gateway counts input tokens with the same tokenizer
        // as the mock, and the mock honours max_tokens, so no request costs more than its reserved worst case.
        assertThat(spent).isLessThanOrEqualTo(1.00);
        double worstCase = (9 + 40) * USD_PER_TOKEN * 2;
        assertThat(spent).isGreaterThan(1.00 - worstCase * 2);
    }

    @Test
    void twoHundredConcurrentRequestsOnTwoInstancesNeverAdmitMoreTokensThanTheLimit() throws Exception {
        long limit = 3000;
        String key =
                adminA.createKey("{\"tpm_limit\":" + limit + "}").get("key").asText();
        long start = System.nanoTime();
        List<Outcome> outcomes = burst(key, 40);
        double seconds = (System.nanoTime() - start) / 1e9;

        long tokens = outcomes.stream()
                .filter(o -> o.status() == 200)
                .mapToLong(o -> o.promptTokens() + o.completionTokens())
                .sum();
        long admitted = outcomes.stream().filter(o -> o.status() == 200).count();
        long refused = outcomes.stream()
                .filter(o -> o.status() == 429 && o.code().equals("rate_limit_exceeded:key:tpm"))
                .count();
        System.out.printf(
                "replica tpm: admitted=%d refused=%d tokens=%d limit=%d in %.2fs%n",
                admitted, refused, tokens, limit, seconds);

        assertThat(admitted + refused).isEqualTo(200);
        // A token bucket refills continuously, so over the burst it may admit what refilled meanwhile.
        assertThat(tokens).isLessThanOrEqualTo(limit + (long) Math.ceil(limit * seconds / 60));
        assertThat(admitted).isPositive();
    }

    @Test
    void anIdempotentRetryOnTheOtherInstanceGetsTheStoredAnswerUncharged() throws Exception {
        String secret = adminA.createKey("{\"rpm_limit\":100}").get("key").asText();
        awaitOnB(secret);
        String body =
                "{\"model\":\"metered\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"once\"}]}";
        HttpResponse<String> first =
                HTTP.send(idempotent(a, secret, "order-7", body), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> retry =
                HTTP.send(idempotent(b, secret, "order-7", body), HttpResponse.BodyHandlers.ofString());

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("idempotent-replayed")).contains("true");
        HttpResponse<String> next =
                HTTP.send(idempotent(b, secret, "order-8", body), HttpResponse.BodyHandlers.ofString());
        assertThat(next.headers().firstValue("x-ratelimit-remaining-requests")).contains("98");
    }

    private static HttpRequest idempotent(GatewayProcess to, String key, String idempotencyKey, String body) {
        return HttpRequest.newBuilder(URI.create(to.baseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .header("idempotency-key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    @Test
    void aRevocationOnOneInstanceTakesEffectOnTheOther() throws Exception {
        JsonNode created = adminA.createKey("{}");
        String secret = created.get("key").asText();
        // A key made on A reaches B by pub/sub, not at once: wait for it before revoking.
        awaitOnB(secret);
        assertThat(send(b, secret, 5).join().status()).isEqualTo(200);

        adminA.call("DELETE", "/admin/v1/keys/" + created.get("id").asText(), null);
        long start = System.nanoTime();
        await("revocation seen on the other instance")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> send(b, secret, 5).join().status() == 401);
        System.out.printf(
                "replica revocation seen on the other instance after %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void theSdkSeesHeadersRetryAfterAndTheSoftLimitWarningOnTheOtherInstance() throws Exception {
        String secret = adminA.createKey(
                        "{\"rpm_limit\":2,\"tpm_limit\":100000,\"max_budget\":0.5,\"soft_budget\":0.01}")
                .get("key")
                .asText();
        awaitOnB(secret);
        OpenAIClient onB = OpenAIOkHttpClient.builder()
                .baseUrl(b.baseUrl())
                .apiKey(secret)
                .maxRetries(0)
                .build();
        OpenAIClient onA = OpenAIOkHttpClient.builder()
                .baseUrl(a.baseUrl())
                .apiKey(secret)
                .maxRetries(0)
                .build();
        ChatCompletionCreateParams ask = ChatCompletionCreateParams.builder()
                .model("metered")
                .addUserMessage("hi")
                .maxTokens(20)
                .build();

        try (HttpResponseFor<ChatCompletion> first =
                onB.chat().completions().withRawResponse().create(ask)) {
            assertThat(first.headers().values("x-ratelimit-limit-requests")).containsExactly("2");
            assertThat(first.headers().values("x-ratelimit-remaining-requests")).containsExactly("1");
            assertThat(first.headers().values("x-ratelimit-limit-tokens")).containsExactly("100000");
            assertThat(first.headers().values("x-ratelimit-remaining-tokens")).hasSize(1);
            assertThat(first.headers().values("x-ratelimit-reset-requests")).hasSize(1);
            assertThat(first.headers().values("x-ratelimit-reset-tokens")).hasSize(1);
            assertThat(first.headers().values("x-gatehouse-budget-warning"))
                    .as("nothing was spent before the first request: its reservation alone does not warn")
                    .isEmpty();
            first.parse();
        }

        // What the first request spent on B is past the soft limit on A.
        try (HttpResponseFor<ChatCompletion> second =
                onA.chat().completions().withRawResponse().create(ask)) {
            assertThat(second.headers().values("x-gatehouse-budget-warning"))
                    .singleElement()
                    .asString()
                    .contains("of 0.50 USD in total");
            second.parse();
        }
        assertThatThrownBy(() -> onB.chat().completions().create(ask))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.code()).contains("rate_limit_exceeded:key:rpm");
                    assertThat(e.headers().values("retry-after"))
                            .singleElement()
                            .satisfies(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
                });
    }
}
