package dev.gatehouse.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.testing.TestGateway;
import dev.gatehouse.testing.TestServices;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two gateways sharing PostgreSQL and Redis: a key made or revoked on one is served so by the other within a second. */
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
                .header("authorization", "Bearer " + secret).GET().build()).statusCode();
    }

    /** Milliseconds until {@code gateway} answers {@code secret} with {@code expected}, polling every 10 ms for up to 5 s. */
    private static long millisUntil(TestGateway gateway, String secret, int expected) throws Exception {
        long start = System.nanoTime();
        while (status(gateway, secret) != expected) {
            if (System.nanoTime() - start > 5_000_000_000L) {
                throw new AssertionError("still not " + expected + " after 5 s");
            }
            Thread.sleep(10);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void aKeyCreatedOnOneInstanceWorksOnTheOtherAndItsRevocationReachesItWithinASecond() throws Exception {
        AdminClient adminA = new AdminClient(a.port(), TestGateway.MASTER_KEY);
        JsonNode created = adminA.createKey("{}");
        String secret = created.get("key").asText();

        assertThat(millisUntil(b, secret, 200)).isLessThan(1000);

        assertThat(status(b, secret)).isEqualTo(200);
        assertThat(adminA.call("DELETE", "/admin/v1/keys/" + created.get("id").asText(), null).status()).isEqualTo(200);
        assertThat(status(a, secret)).isEqualTo(401);
        assertThat(millisUntil(b, secret, 401)).isLessThan(1000);
    }
}
