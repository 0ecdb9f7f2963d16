package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Upstream connections are pooled: clients that hang up after their answer do not close them. */
class ConnectionReuseEndToEndTest {

    @Test
    void keepsUpstreamConnectionsOpenWhenClientsHangUpAfterTheirAnswer() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream();
                TestGateway gateway = TestGateway.start("""
                        providers:
                          up:
                            type: openai
                            base_url: %s
                        models:
                          - name: gpt-4o-mini
                            provider: up
                        """.formatted(upstream.baseUrl()))) {
            upstream.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
            byte[] body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                    .getBytes(StandardCharsets.UTF_8);

            for (int i = 0; i < 5; i++) {
                try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
                    OutputStream out = socket.getOutputStream();
                    out.write(
                            ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "
                                            + TestGateway.MASTER_KEY
                                            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                                            + "\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                    assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                            .startsWith("HTTP/1.1 200");
                }
            }

            assertThat(upstream.received()).hasSize(5);
            assertThat(upstream.received())
                    .extracting(FakeUpstream.Received::connection)
                    .as("each request went over the connection the first one opened")
                    .containsOnly(upstream.received().get(0).connection());
            assertThat(upstream.connectionClosedNanos())
                    .as("no upstream connection was closed")
                    .isEmpty();
        }
    }
}
