package dev.gatehouse.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.routing.CircuitBreaker;
import dev.gatehouse.routing.DeploymentStats;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.Fleet;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shared health: a deployment whose breaker opened on one instance is skipped by the others, and by
 * an instance that starts later, with {@code state: redis}; with {@code state: memory} each
 * instance learns from its own traffic. Proved by the failing upstream's count of calls.
 */
class SharedHealthFleetTest {

    private static final String DOWN = "down/gpt-4.1";

    private FakeUpstream down;
    private FakeUpstream up;

    @BeforeEach
    void upstreams() {
        down = new FakeUpstream();
        down.onPath("/v1/models", FakeUpstream.json(200, "{\"object\":\"list\",\"data\":[]}"));
        down.always(FakeUpstream.json(500, Fixtures.text("openai/error-server.json")));
        up = FleetConfigs.upstream();
    }

    @AfterEach
    void close() {
        down.close();
        up.close();
    }

    /** {@code primary} on the failing upstream, falling back to {@code backup}; one failure opens the breaker for a minute. */
    private String config(String state) {
        return """
                router:
                  retries: 0
                  circuit_breaker:
                    consecutive_failures: 1
                    cooldown: 60s
                providers:
                  down:
                    type: openai
                    base_url: %s
                    api_key: sk-upstream-down-00000000001
                  up:
                    type: openai
                    base_url: %s
                    api_key: sk-upstream-up-0000000000001
                models:
                  - name: primary
                    provider: down
                    model: gpt-4.1
                    fallbacks: [backup]
                  - name: backup
                    provider: up
                    model: gpt-4.1
                """.formatted(down.baseUrl(), up.baseUrl()) + state;
    }

    private static HttpResponse<String> ask(HttpClient http, int port) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                        .timeout(Duration.ofSeconds(30))
                        .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"primary\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static CircuitBreaker.State breakerOf(TestGateway gateway) {
        DeploymentStats stats = gateway.server().registry().find(DOWN);
        return stats == null ? CircuitBreaker.State.CLOSED : stats.breaker().state();
    }

    private long callsDown() {
        return FleetConfigs.calls(down);
    }

    @Test
    void aBreakerOpenedOnOneInstanceIsSkippedByTheOthersAndByALateStarter() throws Exception {
        try (Fleet fleet = Fleet.start(3, config(Fleet.SHARED))) {
            HttpResponse<String> first = ask(fleet.http(), fleet.get(0).port());
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("x-gatehouse-fallback")).contains("true");
            assertThat(callsDown()).isEqualTo(1);

            Duration spread = fleet.awaitEverywhere(
                    "breaker of " + DOWN + " open",
                    Duration.ofSeconds(1),
                    i -> breakerOf(fleet.get(i)) == CircuitBreaker.State.OPEN);
            System.out.printf("fleet shared health: open on every instance after %d ms%n", spread.toMillis());
            for (int n = 0; n < 30; n++) {
                HttpResponse<String> answer = ask(fleet.http(), fleet.get(n % 3).port());
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.headers().firstValue("x-gatehouse-deployment"))
                        .contains("up/gpt-4.1");
            }
            assertThat(callsDown())
                    .as("no instance sent to the open deployment again")
                    .isEqualTo(1);
            assertThat(fleet.get(1).server().registry().find(DOWN).breaker().transitionsTo(CircuitBreaker.State.OPEN))
                    .as("another instance's breaker did not open by its own traffic")
                    .isZero();

            try (TestGateway late = TestGateway.start(config(sharedOf(fleet)))) {
                assertThat(breakerOf(late)).isEqualTo(CircuitBreaker.State.OPEN);
                assertThat(ask(fleet.http(), late.port()).statusCode()).isEqualTo(200);
                assertThat(callsDown())
                        .as("the late starter read the open state kept in Redis")
                        .isEqualTo(1);
            }
        }
    }

    /** The same store and state sections a running fleet's instances use. */
    private static String sharedOf(Fleet fleet) {
        dev.gatehouse.config.GatewayConfig running =
                fleet.get(0).server().state().config();
        return """
                store:
                  type: postgres
                  url: "%s"
                state:
                  type: redis
                  redis_url: %s
                """.formatted(running.store().url(), running.state().redisUrl());
    }

    @Test
    void withStateInMemoryEachInstanceLearnsFromItsOwnTraffic() throws Exception {
        try (TestGateway a = TestGateway.start(config(""));
                TestGateway b = TestGateway.start(config(""))) {
            HttpClient http = HttpClient.newHttpClient();
            assertThat(ask(http, a.port()).statusCode()).isEqualTo(200);
            assertThat(breakerOf(a)).isEqualTo(CircuitBreaker.State.OPEN);
            assertThat(breakerOf(b)).isEqualTo(CircuitBreaker.State.CLOSED);

            assertThat(ask(http, b.port()).statusCode()).isEqualTo(200);
            assertThat(callsDown())
                    .as("the second instance tried the deployment itself")
                    .isEqualTo(2);
        }
    }
}
