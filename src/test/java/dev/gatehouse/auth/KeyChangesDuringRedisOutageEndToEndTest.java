package dev.gatehouse.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.Await;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.testing.TestGateway;
import dev.gatehouse.testing.TwoInstances;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Key changes reach every instance within {@code state.key_poll_interval} even while Redis, and with
 * it the change bus, is unreachable: each instance polls the key store's change sequence. Each
 * instance runs on its own manual clock, so "within the bound" is one poll interval of the other
 * instance's clock, not a measured time.
 */
class KeyChangesDuringRedisOutageEndToEndTest {

    private static final Duration POLL = Duration.ofSeconds(2);

    private static final String CONFIG = """
            providers:
              mock:
                type: mock
                mock:
                  latency: 0ms
                  chunk_interval: 0ms
            models:
              - name: gpt-4o
                provider: mock
            @STORE_AND_STATE@
              key_poll_interval: 2s
            """;

    @Test
    void aKeyRevokedOnOneInstanceDuringARedisOutageIsRefusedOnTheOtherWithinOnePollInterval() throws Exception {
        ManualClock clockA = new ManualClock();
        ManualClock clockB = new ManualClock();
        try (TwoInstances two = TwoInstances.start(CONFIG, clockA, clockB)) {
            AdminClient adminA = new AdminClient(two.a().port(), TestGateway.MASTER_KEY);
            JsonNode created = adminA.createKey("{}");
            String secret = created.get("key").asText();
            two.awaitKnownToBoth(secret);

            two.redis().cut();
            assertThat(adminA.call(
                                    "DELETE",
                                    "/admin/v1/keys/" + created.get("id").asText(),
                                    null)
                            .status())
                    .isEqualTo(200);

            assertThat(TwoInstances.modelsStatus(two.a(), secret)).isEqualTo(401);
            // The bus cannot bring the news: until B's clock reaches its next poll, B still serves the key.
            assertThat(TwoInstances.modelsStatus(two.b(), secret)).isEqualTo(200);
            clockB.advance(POLL);
            Await.until(
                    "revocation served on the other instance after one poll",
                    Duration.ofSeconds(10),
                    () -> TwoInstances.modelsStatus(two.b(), secret) == 401);
        }
    }

    @Test
    void aKeyMadeOnOneInstanceDuringARedisOutageIsServedOnTheOtherWithinOnePollInterval() throws Exception {
        ManualClock clockA = new ManualClock();
        ManualClock clockB = new ManualClock();
        try (TwoInstances two = TwoInstances.start(CONFIG, clockA, clockB)) {
            AdminClient adminA = new AdminClient(two.a().port(), TestGateway.MASTER_KEY);
            two.redis().cut();
            String secret = adminA.createKey("{}").get("key").asText();

            assertThat(TwoInstances.modelsStatus(two.a(), secret)).isEqualTo(200);
            assertThat(TwoInstances.modelsStatus(two.b(), secret)).isEqualTo(401);
            clockB.advance(POLL);
            Await.until(
                    "new key served on the other instance after one poll",
                    Duration.ofSeconds(10),
                    () -> TwoInstances.modelsStatus(two.b(), secret) == 200);
        }
    }
}
