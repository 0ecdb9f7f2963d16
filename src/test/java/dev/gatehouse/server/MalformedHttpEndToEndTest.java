package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.json.Json;
import dev.gatehouse.testing.RawHttp;
import dev.gatehouse.testing.TestGateway;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * What HTTP itself rejects (a head too large, a line that is not HTTP, a broken chunked body) gets
 * the client API's error shape like every other error, and closes the connection, since what
 * follows on it cannot be framed. Sent over raw sockets: no HTTP client sends these.
 */
class MalformedHttpEndToEndTest {

    private static final String AUTH = "Authorization: Bearer " + TestGateway.MASTER_KEY + "\r\n";
    private static TestGateway gateway;

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeAll
    static void start() {
        gateway = TestGateway.start("providers:\n  m:\n    type: mock\nmodels:\n  - name: \"*\"\n    provider: m\n");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @BeforeEach
    void watchTheLog() {
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void stopWatching() {
        root.detachAppender(logged);
    }

    private static String chunked(String path, String firstChunkLine) {
        return "POST " + path + " HTTP/1.1\r\nHost: gateway\r\n" + AUTH + "Content-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + firstChunkLine + "\r\n{}\r\n0\r\n\r\n";
    }

    static Stream<Arguments> malformed() {
        StringBuilder manyHeaders = new StringBuilder("POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\n" + AUTH);
        for (int i = 0; i < 2000; i++) {
            manyHeaders.append("X-Header-").append(i).append(": value\r\n");
        }
        manyHeaders.append("\r\n");
        return Stream.of(
                Arguments.of(
                        "a 64 KB header",
                        "POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nX-Big: " + "a".repeat(64 * 1024)
                                + "\r\n\r\n",
                        431,
                        "request_header_fields_too_large",
                        false),
                Arguments.of("2,000 headers", manyHeaders.toString(), 431, "request_header_fields_too_large", false),
                Arguments.of(
                        "a 100 KB URL",
                        "GET /v1/models?q=" + "a".repeat(100 * 1024) + " HTTP/1.1\r\nHost: gateway\r\n\r\n",
                        414,
                        "request_uri_too_long",
                        false),
                Arguments.of(
                        "a 100 KB Idempotency-Key on /v1/messages",
                        "POST /v1/messages HTTP/1.1\r\nHost: gateway\r\n" + AUTH + "Idempotency-Key: "
                                + "k".repeat(100 * 1024) + "\r\n\r\n",
                        431,
                        "request_header_fields_too_large",
                        true),
                Arguments.of("a garbage request line", "GARBAGE\r\n\r\n", 400, "malformed_http_request", false),
                Arguments.of(
                        "a request line without a version",
                        "GET /v1/models\r\nHost: gateway\r\n\r\n",
                        400,
                        "malformed_http_request",
                        false),
                Arguments.of(
                        "an invalid chunk size",
                        chunked("/v1/chat/completions", "ZZZ"),
                        400,
                        "malformed_http_request",
                        false),
                Arguments.of(
                        "an invalid chunk size on /v1/messages",
                        chunked("/v1/messages", "-5"),
                        400,
                        "malformed_http_request",
                        true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void answersInTheClientApisErrorShapeAndCloses(
            String name, String request, int status, String code, boolean anthropic) throws Exception {
        try (RawHttp connection = new RawHttp(gateway.port(), Duration.ofSeconds(10))) {
            RawHttp.Response response = connection.send(request).read();

            assertThat(response.status()).as(response.body()).isEqualTo(status);
            assertThat(response.headers().get("content-type")).isEqualTo("application/json");
            JsonNode body = Json.parse(response.body());
            if (anthropic) {
                assertThat(body.path("type").asText()).isEqualTo("error");
                assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
                assertThat(body.path("error").path("message").asText()).isNotBlank();
            } else {
                JsonNode error = body.path("error");
                assertThat(List.of(error.fieldNames().next(), error.size())).isEqualTo(List.of("message", 4));
                assertThat(error.has("type") && error.has("param") && error.has("code"))
                        .isTrue();
                assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
                assertThat(error.path("code").asText()).isEqualTo(code);
                assertThat(error.path("message").asText()).isNotBlank();
            }
            assertThat(connection.closedByServer())
                    .as("the connection is closed after the answer")
                    .isTrue();
        }
        assertThat(logged.list)
                .as("nothing logged at ERROR")
                .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR));
    }
}
