package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.json.Json;
import dev.gatehouse.testing.Await;
import dev.gatehouse.testing.RawHttp;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Client connections cannot be held open for nothing: a head or a body that stops arriving, and a
 * keep-alive connection left idle, are closed after their timeouts, and connections past the cap
 * are refused; while an answer that takes long, or a stream that keeps sending, is never cut.
 * Sub-second timeouts, raw sockets; every wait is for an event, with a read timeout far longer.
 */
class ClientTimeoutsEndToEndTest {

    private static final Duration READ_LIMIT = Duration.ofSeconds(8);
    private static final String MOCK =
            "providers:\n  m:\n    type: mock\n    mock:\n      latency: 1s\n      chunk_interval: 150ms\n"
                    + "      reply_words: 12\nmodels:\n  - name: \"*\"\n    provider: m\n";

    private static TestGateway gateway(String server) {
        return TestGateway.start("server:\n" + server + MOCK);
    }

    private static String healthz() {
        return "GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n";
    }

    @Test
    void aHalfSentHeadIsClosedAfterTheHeaderTimeout() throws Exception {
        try (TestGateway gateway = gateway("  header_timeout: 300ms\n");
                RawHttp connection = new RawHttp(gateway.port(), READ_LIMIT)) {
            connection.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nContent-Ty");

            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void aHalfSentBodyIsAnswered408AndClosedAfterTheBodyTimeout() throws Exception {
        try (TestGateway gateway = gateway("  body_timeout: 300ms\n");
                RawHttp connection = new RawHttp(gateway.port(), READ_LIMIT)) {
            connection.send("POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer "
                    + TestGateway.MASTER_KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"model\":");

            RawHttp.Response response = connection.read();
            JsonNode error = Json.parse(response.body()).path("error");

            assertThat(response.status()).isEqualTo(408);
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.path("code").asText()).isEqualTo("request_timeout");
            assertThat(error.has("param")).isTrue();
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (TestGateway gateway = gateway("  idle_timeout: 300ms\n");
                RawHttp connection = new RawHttp(gateway.port(), READ_LIMIT)) {
            assertThat(connection.send(healthz()).read().status()).isEqualTo(200);
            assertThat(connection.send(healthz()).read().status())
                    .as("kept alive between requests")
                    .isEqualTo(200);

            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void noTimeoutCutsASlowAnswerOrAStreamThatKeepsSending() throws Exception {
        try (TestGateway gateway = gateway("  header_timeout: 300ms\n  body_timeout: 300ms\n  idle_timeout: 300ms\n")) {
            String chat = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
            CompletableFuture<HttpResponse<String>> slow =
                    gateway.http().sendAsync(post(gateway, chat + "}"), HttpResponse.BodyHandlers.ofString());
            CompletableFuture<HttpResponse<String>> stream = gateway.http()
                    .sendAsync(post(gateway, chat + ",\"stream\":true}"), HttpResponse.BodyHandlers.ofString());

            assertThat(slow.get().statusCode())
                    .as("an answer 1 s in coming, past every timeout")
                    .isEqualTo(200);
            assertThat(stream.get().statusCode()).isEqualTo(200);
            assertThat(stream.get().body())
                    .as("a stream of about 2 s, complete")
                    .endsWith("data: [DONE]\n\n");
        }
    }

    @Test
    void connectionsPastTheCapAreClosedAndAFreedPlaceIsTakenAgain() throws Exception {
        try (TestGateway gateway = gateway("  max_connections: 2\n");
                RawHttp first = new RawHttp(gateway.port(), READ_LIMIT);
                RawHttp second = new RawHttp(gateway.port(), READ_LIMIT)) {
            assertThat(first.send(healthz()).read().status()).isEqualTo(200);
            assertThat(second.send(healthz()).read().status()).isEqualTo(200);

            try (RawHttp third = new RawHttp(gateway.port(), READ_LIMIT)) {
                assertThat(third.closedByServer())
                        .as("a third connection is refused")
                        .isTrue();
            }
            first.close();

            Await.until("a connection is accepted once one closed", READ_LIMIT, () -> {
                try (RawHttp again = new RawHttp(gateway.port(), READ_LIMIT)) {
                    return again.send(healthz()).read().status() == 200;
                }
            });
            assertThat(second.send(healthz()).read().status())
                    .as("the connections within the cap are untouched")
                    .isEqualTo(200);
        }
    }

    private static HttpRequest post(TestGateway gateway, String body) {
        return HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
