package dev.gatehouse.ratelimit;

import static dev.gatehouse.ratelimit.QueueTesting.awaitDepth;
import static dev.gatehouse.ratelimit.QueueTesting.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.testing.TestGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A deployment's own provider rate limit ({@code rpm} on a deployment) through the real server on
 * a {@link ManualClock}: a deployment at its limit is skipped for the next one of its group, and low
 * priority may use only its share of a deployment while normal traffic goes on.
 */
class DeploymentLimitsEndToEndTest {

    private static String key(TestGateway gateway) throws Exception {
        return new AdminClient(gateway.port(), TestGateway.MASTER_KEY)
                .createKey("{}")
                .get("key")
                .asText();
    }

    private static String deployment(HttpResponse<String> r) {
        return r.headers().firstValue("x-gatehouse-deployment").orElseThrow();
    }

    @Test
    void aDeploymentAtItsRpmIsSkippedForTheNextOfItsGroup() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestGateway gateway = TestGateway.start(clock, """
                providers:
                  mock:
                    type: mock
                    mock:
                      latency: 0ms
                models:
                  - name: gpt-4o
                    strategy: fallback
                    deployments:
                      - provider: mock
                        model: small-a
                        rpm: 2
                      - provider: mock
                        model: small-b
                """)) {
            String key = key(gateway);
            assertThat(deployment(send(gateway, key, "one", Map.of()).join())).isEqualTo("mock/small-a");
            assertThat(deployment(send(gateway, key, "two", Map.of()).join())).isEqualTo("mock/small-a");
            HttpResponse<String> third = send(gateway, key, "three", Map.of()).join();
            assertThat(third.statusCode()).isEqualTo(200);
            assertThat(deployment(third)).isEqualTo("mock/small-b");

            clock.advance(Duration.ofSeconds(30));
            assertThat(deployment(send(gateway, key, "four", Map.of()).join())).isEqualTo("mock/small-a");
        }
    }

    @Test
    void lowPriorityUsesOnlyItsShareOfADeploymentWhileNormalGoesOn() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestGateway gateway = TestGateway.start(clock, """
                providers:
                  mock:
                    type: mock
                    mock:
                      latency: 0ms
                models:
                  - name: gpt-4o
                    provider: mock
                    rpm: 4
                    low_priority_share: 0.5
                    queue:
                      max_wait: 5m
                """)) {
            String key = key(gateway);
            Map<String, String> low = Map.of("x-gatehouse-priority", "low");
            assertThat(send(gateway, key, "low 1", low).join().statusCode()).isEqualTo(200);
            assertThat(send(gateway, key, "low 2", low).join().statusCode()).isEqualTo(200);
            CompletableFuture<HttpResponse<String>> third = send(gateway, key, "low 3", low);
            awaitDepth(gateway, 1);

            assertThat(send(gateway, key, "normal 1", Map.of()).join().statusCode())
                    .isEqualTo(200);
            assertThat(send(gateway, key, "normal 2", Map.of()).join().statusCode())
                    .isEqualTo(200);
            assertThat(third).isNotDone();

            // The low share (2 rpm) refills one request in 30 s; the whole deployment (4 rpm) one in 15 s.
            clock.advance(Duration.ofSeconds(30));
            HttpResponse<String> waited = third.join();
            assertThat(waited.statusCode()).isEqualTo(200);
            assertThat(waited.headers().firstValue("x-gatehouse-queue-wait-ms")).contains("30000");
        }
    }

    @Test
    void aFallbackIsChargedToTheRpmOfTheDeploymentItFallsBackTo() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestGateway gateway = TestGateway.start(clock, """
                router:
                  retries: 0
                  circuit_breaker:
                    consecutive_failures: 1000
                providers:
                  down:
                    type: mock
                    mock:
                      latency: 0ms
                      error_rate: 1.0
                      error_status: 500
                  up:
                    type: mock
                    mock:
                      latency: 0ms
                models:
                  - name: gpt-4o
                    strategy: fallback
                    deployments:
                      - provider: down
                        model: small-a
                      - provider: up
                        model: small-b
                        rpm: 2
                """)) {
            String key = key(gateway);
            for (String text : new String[] {"one", "two"}) {
                HttpResponse<String> r = send(gateway, key, text, Map.of()).join();
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(deployment(r)).isEqualTo("up/small-b");
            }
            // small-b served its 2 requests of the minute as a fallback: a third may not go there.
            HttpResponse<String> third = send(gateway, key, "three", Map.of()).join();
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.body()).contains("rate_limit_exceeded:deployment:rpm");
            assertThat(third.headers().firstValue("retry-after")).isPresent();

            clock.advance(Duration.ofSeconds(30));
            HttpResponse<String> later = send(gateway, key, "four", Map.of()).join();
            assertThat(later.statusCode()).isEqualTo(200);
            assertThat(deployment(later)).isEqualTo("up/small-b");
        }
    }
}
