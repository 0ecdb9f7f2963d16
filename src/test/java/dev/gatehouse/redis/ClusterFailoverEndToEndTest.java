package dev.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.LocalRedisCluster;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The master holding every Gatehouse key ({@code {gh}}'s slot) is killed while traffic runs through
 * two gateways on a cluster of their own. Until its replica is promoted, each gateway follows its
 * documented policy: {@code on_redis_failure: fail_closed} answers 503 {@code limits_unavailable};
 * {@code fail_open} keeps serving on local counters, while a budgeted key there gets 503
 * {@code budgets_unavailable} ({@code budgets_on_redis_failure: fail_closed}, the default). After
 * the promotion every stream is served from Redis again, with no restart.
 */
class ClusterFailoverEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answer: when it came (nanoTime), its status and its error code. */
    record Outcome(long at, int status, String code) {}

    /** A client sending one request after another to one gateway with one key, until stopped. */
    static final class Traffic {
        final List<Outcome> outcomes = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Traffic(String name, TestGateway gateway, String key) {
            thread = new Thread(() -> loop(gateway, key), "traffic-" + name);
            thread.start();
        }

        private void loop(TestGateway gateway, String key) {
            while (running.get()) {
                try {
                    HttpResponse<String> r =
                            gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                                    .timeout(Duration.ofSeconds(30))
                                    .header("authorization", "Bearer " + key)
                                    .header("content-type", "application/json")
                                    .POST(
                                            HttpRequest.BodyPublishers.ofString(
                                                    "{\"model\":\"gpt-4o\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                                    .build());
                    outcomes.add(new Outcome(System.nanoTime(), r.statusCode(), code(r.body())));
                } catch (Exception e) {
                    outcomes.add(new Outcome(System.nanoTime(), -1, String.valueOf(e)));
                }
            }
        }

        private static String code(String body) {
            try {
                JsonNode error = JSON.readTree(body).path("error");
                return error.path("code").asText("");
            } catch (Exception e) {
                return "";
            }
        }

        long count(int status, long after) {
            return outcomes.stream()
                    .filter(o -> o.at() > after && o.status() == status)
                    .count();
        }

        /** Whether a 200 came after the first answer with {@code status} that came after {@code after}. */
        boolean servedAgainAfter(int status, long after) {
            long firstFailure = outcomes.stream()
                    .filter(o -> o.at() > after && o.status() == status)
                    .mapToLong(Outcome::at)
                    .min()
                    .orElse(Long.MAX_VALUE);
            return firstFailure != Long.MAX_VALUE && count(200, firstFailure) > 0;
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(Duration.ofSeconds(60).toMillis());
        }
    }

    private LocalRedisCluster cluster;
    private final List<TestGateway> gateways = new ArrayList<>();
    private final List<Traffic> traffic = new ArrayList<>();

    @BeforeEach
    void startCluster() {
        cluster = LocalRedisCluster.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Traffic t : traffic) {
            t.stop();
        }
        gateways.forEach(TestGateway::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    private TestGateway gateway(String policy) {
        TestGateway g = TestGateway.start("""
                providers:
                  mock:
                    type: mock
                    mock:
                      chunk_interval: 0ms
                models:
                  - name: gpt-4o
                    provider: mock
                    prices:
                      input: 1
                      output: 1
                """ + cluster.stateYaml("on_redis_failure: " + policy));
        gateways.add(g);
        return g;
    }

    private Traffic traffic(String name, TestGateway gateway, String keyBody) throws Exception {
        String key = new AdminClient(gateway.port(), TestGateway.MASTER_KEY)
                .createKey(keyBody)
                .get("key")
                .asText();
        Traffic t = new Traffic(name, gateway, key);
        traffic.add(t);
        return t;
    }

    private static JsonNode limitsStatus(TestGateway gateway) throws Exception {
        return new AdminClient(gateway.port(), TestGateway.MASTER_KEY)
                .call("GET", "/admin/v1/limits", null)
                .body();
    }

    @Test
    void eachPolicyHoldsWhileTheMasterIsDownAndTrafficRecoversAfterPromotion() throws Exception {
        TestGateway closed = gateway("fail_closed");
        TestGateway open = gateway("fail_open");
        Traffic limitedClosed = traffic("closed", closed, "{\"rpm_limit\":1000000}");
        Traffic limitedOpen = traffic("open", open, "{\"rpm_limit\":1000000}");
        Traffic budgeted = traffic("budgeted", open, "{\"rpm_limit\":1000000,\"max_budget\":1000}");
        await("traffic flows before the failure")
                .atMost(Duration.ofSeconds(30))
                .until(() -> traffic.stream().allMatch(t -> t.count(200, 0) >= 5));

        LocalRedisCluster.Node master = cluster.masterOf(HashTag.TAG);
        long killed = System.nanoTime();
        cluster.kill(master);

        await("the replica of the killed master is promoted")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> !cluster.masterOf(HashTag.TAG).equals(master));
        long promoted = System.nanoTime();
        await("every stream is served again after the promotion")
                .atMost(Duration.ofSeconds(30))
                .until(() -> limitedClosed.servedAgainAfter(503, killed)
                        && budgeted.servedAgainAfter(503, killed)
                        && limitedOpen.count(200, promoted) > 0
                        && !limitsStatus(open).get("redis_down").asBoolean()
                        && !limitsStatus(closed).get("redis_down").asBoolean());
        long recovered = System.nanoTime();
        await("more traffic after recovery")
                .atMost(Duration.ofSeconds(30))
                .until(() -> traffic.stream().allMatch(t -> t.count(200, recovered) >= 5));
        for (Traffic t : traffic) {
            t.stop();
        }

        // fail_closed: nothing but 200 or the documented 503, never a 500 or a dropped connection.
        assertThat(limitedClosed.outcomes)
                .allSatisfy(o -> assertThat(o.status() == 200
                                || (o.status() == 503 && o.code().equals("limits_unavailable")))
                        .as("%s", o)
                        .isTrue());
        // fail_open: limits fell back to local counters, so every request was served.
        assertThat(limitedOpen.outcomes)
                .allSatisfy(o -> assertThat(o.status()).as("%s", o).isEqualTo(200));
        assertThat(limitsStatus(open).get("redis_failures").asLong())
                .as("the fail_open gateway met the outage")
                .isPositive();
        // Budgets fail closed by default, also on the fail_open gateway.
        assertThat(budgeted.outcomes)
                .allSatisfy(o -> assertThat(o.status() == 200
                                || (o.status() == 503 && o.code().equals("budgets_unavailable")))
                        .as("%s", o)
                        .isTrue());
        System.out.printf(
                "failover: replica promoted %d ms after the kill; 503s under fail_closed: %d; served on local"
                        + " counters under fail_open: %d%n",
                (promoted - killed) / 1_000_000,
                limitedClosed.count(503, killed),
                limitedOpen.outcomes.stream()
                        .filter(o -> o.at() > killed && o.at() < promoted)
                        .count());
    }
}
