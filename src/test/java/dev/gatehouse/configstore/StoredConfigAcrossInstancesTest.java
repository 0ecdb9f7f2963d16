package dev.gatehouse.configstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.Await;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.TestGateway;
import dev.gatehouse.testing.TwoInstances;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateways sharing PostgreSQL and Redis: a provider and model stored through one are served by
 * the other, and so is their deletion. The news travels over Redis pub/sub (the 1 s poll is the
 * fallback); the bound below is a test timeout, not the latency, which the test prints.
 */
class StoredConfigAcrossInstancesTest {

    private final FakeUpstream upstream = new FakeUpstream();
    private TwoInstances both;

    @AfterEach
    void stop() throws Exception {
        if (both != null) {
            both.close();
        }
        upstream.close();
    }

    private static int chatStatus(TestGateway gateway, String model) throws Exception {
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                        .timeout(Duration.ofSeconds(10))
                        .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build())
                .statusCode();
    }

    @Test
    void aStoredModelMadeOnOneInstanceIsServedByTheOtherAndSoIsItsDeletion() throws Exception {
        both = TwoInstances.start("""
                providers:
                  file-provider:
                    type: mock
                models:
                  - name: file-model
                    provider: file-provider
                stored_config:
                  secrets_key: %s
                @STORE_AND_STATE@
                """.formatted(StoredConfigEndToEndTest.SECRETS_KEY), null, null);
        AdminClient adminA = new AdminClient(both.a().port(), TestGateway.MASTER_KEY);
        assertThat(adminA.call(
                                "PUT",
                                "/admin/v1/providers/shared-up",
                                "{\"type\":\"openai\",\"base_url\":\"%s\",\"api_key\":\"sk-shared-0000000001\"}"
                                        .formatted(upstream.baseUrl()))
                        .status())
                .isEqualTo(201);
        assertThat(chatStatus(both.b(), "across")).isEqualTo(404);

        long written = System.nanoTime();
        assertThat(adminA.call("PUT", "/admin/v1/models/across", "{\"provider\":\"shared-up\"}")
                        .status())
                .isEqualTo(201);
        Await.until(
                "the other instance serves the stored model",
                Duration.ofSeconds(10),
                () -> chatStatus(both.b(), "across") == 200);
        System.out.printf(
                "stored model reached the other instance after %d ms%n", (System.nanoTime() - written) / 1_000_000);

        assertThat(adminA.call("DELETE", "/admin/v1/models/across", null).status())
                .isEqualTo(200);
        Await.until(
                "the other instance no longer serves it",
                Duration.ofSeconds(10),
                () -> chatStatus(both.b(), "across") == 404);
    }
}
