package dev.gatehouse.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fleet;
import dev.gatehouse.testing.TestGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Answers shared by a three-instance fleet through Redis: an idempotent request sent to every
 * instance at once runs upstream once, and an answer cached through one instance is served by the
 * others. The upstream answers slowly, so the copies of the idempotent request overlap it.
 */
class ReplayFleetTest {

    private static FakeUpstream upstream;
    private static Fleet fleet;
    private static String key;

    @BeforeAll
    static void start() throws Exception {
        upstream = FleetConfigs.upstream();
        upstream.always(new FakeUpstream.Respond(
                200,
                "application/json",
                dev.gatehouse.testing.Fixtures.text("openai/chat-completion.json"),
                java.util.Map.of(),
                Duration.ofMillis(300)));
        fleet = Fleet.start(3, FleetConfigs.metered(upstream, """
                cache:
                  mode: exact
                """));
        key = new AdminClient(fleet.get(0).port(), TestGateway.MASTER_KEY)
                .createKey("{}")
                .get("key")
                .asText();
        fleet.awaitKnownEverywhere(key);
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void anIdempotentRequestSentToEveryInstanceAtOnceRunsUpstreamOnce() {
        long before = FleetConfigs.calls(upstream);
        String body = FleetConfigs.ask("charge order 42 once", 5);

        List<HttpResponse<String>> answers = fleet.all(
                30,
                n -> fleet.chat(n % fleet.size(), key, body)
                        .header("idempotency-key", "order-42")
                        .header("cache-control", "no-store")
                        .build());

        assertThat(FleetConfigs.statuses(answers)).containsOnly(200);
        assertThat(answers)
                .extracting(HttpResponse::body)
                .containsOnly(answers.get(0).body());
        assertThat(answers.stream()
                        .filter(a ->
                                a.headers().firstValue("idempotent-replayed").isEmpty())
                        .count())
                .as("one request ran, every other was answered from it")
                .isEqualTo(1);
        assertThat(FleetConfigs.calls(upstream) - before).isEqualTo(1);
    }

    @Test
    void anAnswerCachedThroughOneInstanceIsServedByTheOthers() throws Exception {
        long before = FleetConfigs.calls(upstream);
        String body = FleetConfigs.ask("what is the capital of Norway", 5);

        HttpResponse<String> first = fleet.send(fleet.chat(0, key, body).build());
        HttpResponse<String> second = fleet.send(fleet.chat(1, key, body).build());
        HttpResponse<String> third = fleet.send(fleet.chat(2, key, body).build());

        assertThat(first.headers().firstValue("x-gatehouse-cache")).contains("miss");
        assertThat(second.headers().firstValue("x-gatehouse-cache")).contains("hit");
        assertThat(third.headers().firstValue("x-gatehouse-cache")).contains("hit");
        assertThat(FleetConfigs.calls(upstream) - before).isEqualTo(1);
    }
}
