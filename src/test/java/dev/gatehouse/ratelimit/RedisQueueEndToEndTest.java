package dev.gatehouse.ratelimit;

import static dev.gatehouse.ratelimit.QueueTesting.depth;
import static dev.gatehouse.ratelimit.QueueTesting.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.testing.TestGateway;
import dev.gatehouse.testing.TwoInstances;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Queues on two gateway instances sharing Redis ({@code state: redis}), each on its own
 * {@link ManualClock}: together they admit exactly a sliding window's limit per window, and a slot
 * freed on one instance wakes the waiter on the other through pub/sub, with no timer of its own due.
 */
class RedisQueueEndToEndTest {

    private static String config(String limits, String mockLatency) {
        return """
                providers:
                  mock:
                    type: mock
                    mock:
                      latency: %s
                models:
                  - name: gpt-4o
                    provider: mock
                %s
                @STORE_AND_STATE@
                """.formatted(mockLatency, limits);
    }

    private static long admitted(List<CompletableFuture<HttpResponse<String>>> all) {
        return all.stream()
                .filter(f -> f.isDone() && f.join().statusCode() == 200)
                .count();
    }

    @Test
    void twoInstancesAdmitExactlyTheLimitPerWindowBetweenThem() throws Exception {
        ManualClock clockA = new ManualClock();
        ManualClock clockB = new ManualClock();
        try (TwoInstances two =
                TwoInstances.start(config("limits:\n  algorithm: sliding_window", "0ms"), clockA, clockB)) {
            String key = new AdminClient(two.a().port(), TestGateway.MASTER_KEY)
                    .createKey("{\"rpm_limit\":10,\"queue\":{\"max_wait\":\"10m\"}}")
                    .get("key")
                    .asText();
            two.awaitKnownToBoth(key);
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                all.add(send(i % 2 == 0 ? two.a() : two.b(), key, "request " + i, Map.of()));
            }
            awaitState(all, two, 10, 20);

            for (int window = 2; window <= 3; window++) {
                clockA.advance(Duration.ofSeconds(60));
                clockB.advance(Duration.ofSeconds(60));
                awaitState(all, two, 10L * window, 30 - 10L * window);
            }
            for (CompletableFuture<HttpResponse<String>> f : all) {
                assertThat(f.join().statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void aSlotFreedOnOneInstanceWakesTheWaiterOnTheOther() throws Exception {
        ManualClock clockA = new ManualClock();
        ManualClock clockB = new ManualClock();
        try (TwoInstances two = TwoInstances.start(config("", "5s"), clockA, clockB)) {
            String key = new AdminClient(two.a().port(), TestGateway.MASTER_KEY)
                    .createKey("{\"max_parallel_requests\":1,\"queue\":{\"max_wait\":\"10m\"}}")
                    .get("key")
                    .asText();
            two.awaitKnownToBoth(key);
            CompletableFuture<HttpResponse<String>> onA = send(two.a(), key, "holds the slot", Map.of());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !clockA.pendingDelays().isEmpty());
            CompletableFuture<HttpResponse<String>> onB = send(two.b(), key, "waits on the other", Map.of());
            await().atMost(Duration.ofSeconds(10)).until(() -> depth(two.b()) == 1);

            clockA.advance(Duration.ofSeconds(5));
            assertThat(onA.join().statusCode()).isEqualTo(200);
            // B's clock has not moved: only the news from A can have let its waiter in.
            await().atMost(Duration.ofSeconds(10)).until(() -> depth(two.b()) == 0);
            clockB.advance(Duration.ofSeconds(5));
            assertThat(onB.join().statusCode()).isEqualTo(200);
        }
    }

    private static void awaitState(
            List<CompletableFuture<HttpResponse<String>>> all, TwoInstances two, long admitted, long waiting) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> admitted(all) == admitted && depth(two.a()) + depth(two.b()) == waiting);
    }
}
