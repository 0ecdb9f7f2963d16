package dev.gatehouse.ratelimit;

import static dev.gatehouse.ratelimit.QueueTesting.awaitDepth;
import static dev.gatehouse.ratelimit.QueueTesting.depth;
import static dev.gatehouse.ratelimit.QueueTesting.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.testing.RawHttp;
import dev.gatehouse.testing.TestGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * Limits that queue instead of refusing, through the real server on a {@link ManualClock}
 * ({@code state: memory}): a key's requests wait in order for their rpm, leave on hang-up, are
 * refused past {@code max_depth} and {@code max_wait}, and rank by priority.
 */
class QueueEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = """
            providers:
              mock:
                type: mock
                mock:
                  latency: 0ms
            models:
              - name: gpt-4o
                provider: mock
            """;

    private static String key(TestGateway gateway, String body) throws Exception {
        return new AdminClient(gateway.port(), TestGateway.MASTER_KEY)
                .createKey(body)
                .get("key")
                .asText();
    }

    @Test
    void twoHundredRequestsAgainstTwentyRpmWaitTheirTurnInOrderWithoutA429() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestGateway gateway = TestGateway.start(clock, CONFIG)) {
            String key = key(gateway, "{\"rpm_limit\":20,\"queue\":{\"max_wait\":\"10m\",\"max_depth\":1000}}");
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            ConcurrentLinkedQueue<Integer> finished = new ConcurrentLinkedQueue<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                all.add(send(gateway, key, "request " + i, Map.of()).whenComplete((r, e) -> finished.add(n)));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            for (int i = 20; i < 200; i++) {
                int n = i;
                all.add(send(gateway, key, "request " + i, Map.of()).whenComplete((r, e) -> finished.add(n)));
                awaitDepth(gateway, i - 19);
            }
            // A 20 rpm token bucket refills one request every 3 s: each step admits exactly the head.
            for (int admitted = 21; admitted <= 200; admitted++) {
                clock.advance(Duration.ofSeconds(3));
                int expected = admitted;
                await().atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(1))
                        .until(() -> finished.size() == expected);
            }
            List<Integer> order = new ArrayList<>(finished);
            assertThat(order.subList(20, 200)).isSorted();
            for (CompletableFuture<HttpResponse<String>> f : all) {
                assertThat(f.join().statusCode()).isEqualTo(200);
            }
            HttpResponse<String> last = all.get(199).join();
            assertThat(Long.parseLong(last.headers()
                            .firstValue("x-gatehouse-queue-wait-ms")
                            .orElseThrow()))
                    .isEqualTo(180 * 3_000);
            assertThat(all.get(0).join().headers().firstValue("x-gatehouse-queue-wait-ms"))
                    .contains("0");
            assertThat(depth(gateway)).isZero();
            assertThat(gateway.server().metrics().scrape()).contains("gatehouse_queue_wait_seconds_count 180");
        }
    }

    @Test
    void aWaiterThatHangsUpLeavesAtOnceAndTheNextTakesItsPlace() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestGateway gateway = TestGateway.start(clock, CONFIG)) {
            String key = key(gateway, "{\"rpm_limit\":1,\"queue\":{\"max_wait\":\"10m\"}}");
            assertThat(send(gateway, key, "first", Map.of()).join().statusCode())
                    .isEqualTo(200);
            RawHttp leaving = QueueTesting.sendRaw(gateway, key, "leaving");
            awaitDepth(gateway, 1);
            CompletableFuture<HttpResponse<String>> next = send(gateway, key, "next", Map.of());
            awaitDepth(gateway, 2);

            leaving.close();
            awaitDepth(gateway, 1);

            clock.advance(Duration.ofSeconds(60));
            HttpResponse<String> answer = next.join();
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("x-gatehouse-queue-wait-ms")).contains("60000");
            assertThat(depth(gateway)).isZero();
        }
    }

    @Test
    void aFullQueueAndAnExpiredWaitAreRefusedWithRetryAfter() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestGateway gateway = TestGateway.start(clock, CONFIG)) {
            String key = key(gateway, "{\"rpm_limit\":1,\"queue\":{\"max_wait\":\"5s\",\"max_depth\":1}}");
            assertThat(send(gateway, key, "first", Map.of()).join().statusCode())
                    .isEqualTo(200);
            CompletableFuture<HttpResponse<String>> waiting = send(gateway, key, "waits", Map.of());
            awaitDepth(gateway, 1);

            HttpResponse<String> full = send(gateway, key, "no room", Map.of()).join();
            assertThat(full.statusCode()).isEqualTo(429);
            assertThat(full.headers().firstValue("retry-after")).isPresent();
            assertThat(error(full).path("code").asText()).isEqualTo("rate_limit_exceeded:key:rpm");

            clock.advance(Duration.ofSeconds(5));
            HttpResponse<String> expired = waiting.join();
            assertThat(expired.statusCode()).isEqualTo(429);
            assertThat(Long.parseLong(
                            expired.headers().firstValue("retry-after").orElseThrow()))
                    .isPositive();
            assertThat(error(expired).path("type").asText()).isNotBlank();
            assertThat(depth(gateway)).isZero();
        }
    }

    @Test
    void highPriorityIsAdmittedBeforeLowThatQueuedEarlier() throws Exception {
        ManualClock clock = new ManualClock();
        try (TestGateway gateway = TestGateway.start(clock, CONFIG)) {
            String key = key(
                    gateway,
                    "{\"rpm_limit\":1,\"queue\":{\"max_wait\":\"10m\"},"
                            + "\"allowed_priorities\":[\"high\",\"normal\",\"low\"]}");
            assertThat(send(gateway, key, "first", Map.of()).join().statusCode())
                    .isEqualTo(200);
            List<CompletableFuture<HttpResponse<String>>> low = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                low.add(send(gateway, key, "low " + i, Map.of("x-gatehouse-priority", "low")));
                awaitDepth(gateway, i + 1);
            }
            CompletableFuture<HttpResponse<String>> high =
                    send(gateway, key, "high", Map.of("x-gateway-options", "{\"priority\":\"high\"}"));
            awaitDepth(gateway, 4);

            clock.advance(Duration.ofSeconds(60));
            assertThat(high.join().statusCode()).isEqualTo(200);
            assertThat(low).noneMatch(CompletableFuture::isDone);
            awaitDepth(gateway, 3);
            clock.advance(Duration.ofSeconds(60));
            assertThat(low.get(0).join().statusCode()).isEqualTo(200);
            assertThat(low.get(1)).isNotDone();
        }
    }

    @Test
    void aPriorityTheKeyMayNotUseIsRefused() throws Exception {
        try (TestGateway gateway = TestGateway.start(CONFIG)) {
            String key = key(gateway, "{\"rpm_limit\":10}");
            HttpResponse<String> high = send(gateway, key, "hi", Map.of("x-gatehouse-priority", "high"))
                    .join();
            assertThat(high.statusCode()).isEqualTo(403);
            assertThat(error(high).path("code").asText()).isEqualTo("priority_not_allowed");
            assertThat(error(high).path("param").asText()).isEqualTo("x-gatehouse-priority");

            HttpResponse<String> bogus = send(
                            gateway, key, "hi", Map.of("x-gateway-options", "{\"priority\":\"urgent\"}"))
                    .join();
            assertThat(bogus.statusCode()).isEqualTo(400);
            assertThat(error(bogus).path("param").asText()).isEqualTo("x-gateway-options.priority");

            assertThat(send(gateway, key, "hi", Map.of("x-gatehouse-priority", "low"))
                            .join()
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    private static JsonNode error(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).path("error");
    }
}
