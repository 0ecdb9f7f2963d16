package dev.gatehouse.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that gives up before its non-streamed answer was fully written is recorded with 499
 * {@code client_closed}, never with the status of an answer it did not get.
 */
class ClientGoneEndToEndTest {

    private static final String CHAT =
            "{\"model\":\"gpt-4.1\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";

    @TempDir
    Path dir;

    private FakeUpstream upstream;
    private TestGateway gateway;

    @BeforeEach
    void start() throws Exception {
        upstream = new FakeUpstream();
        gateway = TestGateway.start(
                TestGateway.SINGLE_ATTEMPT + """
                providers:
                  slow:
                    type: openai
                    base_url: %s
                models:
                  - name: gpt-4.1
                    provider: slow
                usage:
                  audit_file: "%s"
                """.formatted(upstream.baseUrl(), dir.resolve("audit.log")));
        // A first request warms the gateway, so the timed ones below measure the upstream, not start-up.
        upstream.then(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        assertThat(gateway.post("/v1/chat/completions", "application/json", CHAT)
                        .statusCode())
                .isEqualTo(200);
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.close();
    }

    /**
     * The stored record of the one request sent with {@code tag}, once it says 499 (the gateway learns
     * that the client left a moment after it left), or as it is after ten seconds.
     */
    private UsageRecord recordTagged(String tag) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        UsageRecord found = null;
        while (System.nanoTime() < deadline) {
            gateway.server().usage().writer().flushed().get(10, TimeUnit.SECONDS);
            try (Connection c = gateway.server().database().dataSource().getConnection();
                    PreparedStatement ps = c.prepareStatement("SELECT request_id FROM usage_records WHERE tags = ?")) {
                ps.setString(1, tag);
                try (ResultSet rs = ps.executeQuery()) {
                    found = rs.next() ? gateway.server().usage().store().find(rs.getString(1)) : null;
                }
            }
            if (found != null && found.status() == 499) {
                return found;
            }
            Thread.sleep(20);
        }
        assertThat(found).as("a usage record tagged " + tag).isNotNull();
        return found;
    }

    @Test
    void aClientThatTimesOutBeforeASlowAnswerIsRecordedAs499AndTheUpstreamCallIsCancelled() throws Exception {
        upstream.then(new FakeUpstream.Respond(
                200, "application/json", Fixtures.text("openai/chat-hello.json"), Map.of(), Duration.ofSeconds(5)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .timeout(Duration.ofMillis(500))
                .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                .header("content-type", "application/json")
                .header("x-gatehouse-tags", "timed-out")
                .POST(HttpRequest.BodyPublishers.ofString(CHAT))
                .build();
        long sent = System.nanoTime();
        assertThatThrownBy(() -> gateway.http().send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);

        UsageRecord r = recordTagged("timed-out");
        assertThat(r.status()).isEqualTo(499);
        assertThat(r.errorType()).isEqualTo("client_closed");
        assertThat(r.attempts()).isEqualTo(1);
        long closeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (upstream.connectionClosedNanos().stream().noneMatch(t -> t > sent)
                && System.nanoTime() < closeDeadline) {
            Thread.sleep(10);
        }
        assertThat(upstream.connectionClosedNanos())
                .as("the upstream call was cut when the client left, well before its 5 s answer")
                .anyMatch(t -> t > sent && t - sent < TimeUnit.SECONDS.toNanos(4));
    }

    @Test
    void aClientThatGivesUpWhileItsAnswerIsBeingWrittenIsRecordedAs499() throws Exception {
        // An answer far larger than the socket buffers between the gateway and a client that stops
        // reading after the status line: the gateway cannot finish writing it before the client leaves.
        String big = Fixtures.text("openai/chat-hello.json")
                .replace("\"Hello! How can I help you today?\"", "\"" + "x".repeat(16 * 1024 * 1024) + "\"");
        assertThat(big).hasSizeGreaterThan(16 * 1024 * 1024);
        upstream.then(FakeUpstream.json(200, big));

        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()));
            OutputStream out = socket.getOutputStream();
            out.write(
                    ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestGateway.MASTER_KEY
                                    + "\r\nContent-Type: application/json\r\nx-gatehouse-tags: gave-up\r\nContent-Length: "
                                    + CHAT.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + CHAT)
                            .getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            int read = 0;
            while (read < head.length) {
                int n = in.read(head, read, head.length - read);
                assertThat(n).as("the answer starts").isPositive();
                read += n;
            }
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            // The client's timeout: it leaves with most of the answer unread.
            Thread.sleep(300);
            socket.setSoLinger(true, 0);
        }

        UsageRecord r = recordTagged("gave-up");
        assertThat(r.status()).isEqualTo(499);
        assertThat(r.errorType()).isEqualTo("client_closed");
        assertThat(r.outputTokens()).as("the provider's answer was paid for").isEqualTo(9);

        // The audit log is append-only: the answer's entry, then a correction of its outcome.
        List<JsonNode> entries = auditEntriesOf(r.requestId(), 2);
        assertThat(entries.get(0).path("status").asInt()).isEqualTo(200);
        assertThat(entries.get(0).path("output_tokens").asLong()).isEqualTo(9);
        assertThat(entries.get(1).path("status").asInt()).isEqualTo(499);
        assertThat(entries.get(1).path("error_type").asText()).isEqualTo("client_closed");
        assertThat(entries.get(1).path("correction").asBoolean()).isTrue();
        assertThat(entries.get(1).has("output_tokens"))
                .as("a correction counts no tokens twice")
                .isFalse();
        assertThat(AuditVerifier.verify(dir.resolve("audit.log")).ok()).isTrue();
    }

    /** The audit entries of one request, once there are {@code expected} of them. */
    private List<JsonNode> auditEntriesOf(String requestId, int expected) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<JsonNode> entries = List.of();
        while (System.nanoTime() < deadline) {
            entries = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("audit.log"))) {
                JsonNode entry = json.readTree(line);
                if (entry.path("request_id").asText().equals(requestId)) {
                    entries.add(entry);
                }
            }
            if (entries.size() >= expected) {
                return entries;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("audit entries of " + requestId + ": " + entries);
    }
}
