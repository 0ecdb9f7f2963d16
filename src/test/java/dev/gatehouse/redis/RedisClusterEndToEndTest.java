package dev.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.LocalRedisCluster;
import dev.gatehouse.testing.TestGateway;
import dev.gatehouse.testing.TestServices;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances sharing one PostgreSQL schema and a real three-master Redis Cluster, through
 * the real HTTP server: limits and budgets hold for the pair, and key changes reach the other
 * instance by pub/sub on the cluster (key polling is off, so nothing else could carry them).
 */
class RedisClusterEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** $1,000 per million tokens, in and out: a token costs a tenth of a cent. */
    private static final double USD_PER_TOKEN = 0.001;

    private static String schema;
    private static TestGateway a;
    private static TestGateway b;
    private static AdminClient adminA;

    @BeforeAll
    static void start() {
        LocalRedisCluster cluster = LocalRedisCluster.shared();
        schema = TestServices.postgresSchema();
        String config = """
                providers:
                  mock:
                    type: mock
                    mock:
                      chunk_interval: 0ms
                      reply_words: 20
                models:
                  - name: metered
                    provider: mock
                    prices:
                      input: 1000
                      output: 1000
                store:
                  type: postgres
                  url: "%s"
                """.formatted(schema) + cluster.stateYaml("key_poll_interval: 0");
        a = TestGateway.start(config);
        b = TestGateway.start(config);
        adminA = new AdminClient(a.port(), TestGateway.MASTER_KEY);
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (schema != null) {
            TestServices.dropPostgresSchema(schema);
        }
    }

    private static CompletableFuture<HttpResponse<String>> ask(TestGateway gateway, String key, int maxTokens) {
        return gateway.http()
                .sendAsync(
                        HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                                .timeout(Duration.ofSeconds(30))
                                .header("authorization", "Bearer " + key)
                                .header("content-type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"metered\",\"max_tokens\":"
                                        + maxTokens + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code n} requests at once, alternating between the instances, and waits for every answer. */
    private static List<HttpResponse<String>> burst(String key, int n, int maxTokens) {
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sent.add(ask(i % 2 == 0 ? a : b, key, maxTokens));
        }
        return sent.stream().map(CompletableFuture::join).toList();
    }

    private static long count(List<HttpResponse<String>> answers, int status) {
        return answers.stream().filter(r -> r.statusCode() == status).count();
    }

    private static int modelsStatus(TestGateway gateway, String key) throws Exception {
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/models"))
                        .header("authorization", "Bearer " + key)
                        .GET()
                        .build())
                .statusCode();
    }

    /** A key made on A, once B (told only by pub/sub) serves it too. */
    private static JsonNode keyOnBoth(String body) throws Exception {
        JsonNode key = adminA.createKey(body);
        String secret = key.get("key").asText();
        await("the new key reaches the other instance by pub/sub")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> modelsStatus(b, secret) == 200);
        return key;
    }

    @Test
    void aRequestLimitAdmitsExactlyItsLimitAcrossBothInstances() throws Exception {
        String key = keyOnBoth("{\"rpm_limit\":10}").get("key").asText();

        List<HttpResponse<String>> answers = burst(key, 40, 10);

        assertThat(count(answers, 200)).isEqualTo(10);
        assertThat(count(answers, 429)).isEqualTo(30);
    }

    @Test
    void aTokenLimitAdmitsNoMoreThanItsLimitAcrossBothInstances() throws Exception {
        String key = keyOnBoth("{\"tpm_limit\":1000}").get("key").asText();

        long start = System.nanoTime();
        List<HttpResponse<String>> answers = burst(key, 30, 100);
        double seconds = (System.nanoTime() - start) / 1e9;

        // A token bucket admits its burst plus what refills meanwhile; tokens a request reserved but did
        // not use come back when it settles, so the bound is on tokens used, not on requests admitted.
        long used = 0;
        for (HttpResponse<String> answer : answers) {
            if (answer.statusCode() == 200) {
                used += JSON.readTree(answer.body())
                        .path("usage")
                        .path("total_tokens")
                        .asLong();
            }
        }
        assertThat(count(answers, 200)).isPositive();
        assertThat(count(answers, 429)).isPositive();
        assertThat(used).isLessThanOrEqualTo(1000 + (long) Math.ceil(1000 * seconds / 60));
        assertThat(count(answers, 200) + count(answers, 429)).isEqualTo(30);
    }

    @Test
    void aBudgetOvershootsByNoMoreThanOneRequestsWorstCase() throws Exception {
        String key = keyOnBoth("{\"max_budget\":0.5}").get("key").asText();

        List<HttpResponse<String>> answers = burst(key, 30, 100);

        double spent = 0;
        for (HttpResponse<String> r : answers) {
            if (r.statusCode() == 200) {
                JsonNode usage = JSON.readTree(r.body()).get("usage");
                spent += (usage.get("prompt_tokens").asLong()
                                + usage.get("completion_tokens").asLong())
                        * USD_PER_TOKEN;
            } else {
                assertThat(r.statusCode()).isEqualTo(429);
                assertThat(r.body()).contains("budget_exceeded");
            }
        }
        assertThat(count(answers, 200)).isPositive();
        assertThat(count(answers, 429)).isPositive();
        // A request's worst case: its prompt (under 20 tokens) and 100 output tokens.
        assertThat(spent).isLessThanOrEqualTo(0.5 + 120 * USD_PER_TOKEN);
    }

    @Test
    void aKeyRevokedOnOneInstanceIsRefusedOnTheOther() throws Exception {
        JsonNode key = keyOnBoth("{}");
        String secret = key.get("key").asText();

        long sent = System.nanoTime();
        assertThat(adminA.call("DELETE", "/admin/v1/keys/" + key.get("id").asText(), null)
                        .status())
                .isEqualTo(200);
        // The revocation is committed when the admin call answers; on a busy machine the call alone
        // can take most of a second, so the delay is reported from its answer.
        long answered = System.nanoTime();
        await("the revocation reaches the other instance by pub/sub")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> modelsStatus(b, secret) == 401);
        System.out.printf(
                "revocation: the admin call answered in %d ms, the other instance refused the key %d ms later%n",
                (answered - sent) / 1_000_000, (System.nanoTime() - answered) / 1_000_000);
    }
}
