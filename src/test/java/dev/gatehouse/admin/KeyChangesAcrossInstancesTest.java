package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testing.TestGateway;
import dev.gatehouse.testing.TestServices;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateways sharing PostgreSQL and Redis: a key made or revoked on one is served so by the other.
 * The news travels by Redis pub/sub, with no timer to drive, so the test waits for the other
 * instance to answer as expected. Its bound is a test timeout, not the latency the README quotes
 * (measured in milliseconds), so a loaded machine cannot fail it: without the bus the change would
 * never arrive at all.
 */
class KeyChangesAcrossInstancesTest {

    private TestGateway a;
    private TestGateway b;

    @BeforeEach
    void start() {
        String pg = TestServices.postgresSchema();
        String redis = TestServices.redis();
        String config = """
                providers:
                  mock:
                    type: mock
                models:
                  - name: gpt-4o
                    provider: mock
                store:
                  type: postgres
                  url: "%s"
                state:
                  type: redis
                  redis_url: %s
                """.formatted(pg, redis);
        a = TestGateway.start(config);
        b = TestGateway.start(config);
    }

    @AfterEach
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private static int status(TestGateway gateway, String secret) throws Exception {
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/models"))
                        .header("authorization", "Bearer " + secret)
                        .GET()
                        .build())
                .statusCode();
    }

    /** Waits until {@code gateway} answers {@code secret} with {@code expected}. */
    private static void awaitStatus(TestGateway gateway, String secret, int expected) {
        await("status " + expected + " on the other instance")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> status(gateway, secret) == expected);
    }

    @Test
    void aKeyCreatedOnOneInstanceWorksOnTheOtherAndItsRevocationReachesIt() throws Exception {
        AdminClient adminA = new AdminClient(a.port(), TestGateway.MASTER_KEY);
        JsonNode created = adminA.createKey("{}");
        String secret = created.get("key").asText();

        awaitStatus(b, secret, 200);

        assertThat(status(b, secret)).isEqualTo(200);
        assertThat(adminA.call("DELETE", "/admin/v1/keys/" + created.get("id").asText(), null)
                        .status())
                .isEqualTo(200);
        assertThat(status(a, secret)).isEqualTo(401);
        awaitStatus(b, secret, 401);
    }
}
