package dev.gatehouse.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.TestGateway;
import java.time.Duration;
import java.util.List;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One JSON access-log line per request, with what an operator needs and no key of any kind. */
class AccessLogEndToEndTest {

    private static final String UPSTREAM_KEY = "sk-upstream-secret-key-777777";

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final LogstashEncoder encoder = new LogstashEncoder();
    private FakeUpstream upstream;
    private TestGateway gateway;

    @BeforeEach
    void start() {
        captured.setContext(context);
        captured.start();
        encoder.setContext(context);
        encoder.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(captured);
        upstream = new FakeUpstream();
        gateway = TestGateway.start("""
                providers:
                  fake:
                    type: openai
                    base_url: %s
                    api_key: %s
                models:
                  - name: gpt-4o-mini
                    provider: fake
                """.formatted(upstream.baseUrl(), UPSTREAM_KEY));
    }

    @AfterEach
    void stop() {
        gateway.close();
        upstream.close();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(captured);
    }

    private List<String> accessLines() {
        return captured.list.stream()
                .filter(e -> e.getLoggerName().equals("gatehouse.access"))
                .map(e -> new String(encoder.encode(e)))
                .toList();
    }

    private List<String> allLines() {
        return captured.list.stream().map(e -> new String(encoder.encode(e))).toList();
    }

    @Test
    void writesNothingWhenTheConfigTurnsTheAccessLogOff() throws Exception {
        try (TestGateway quiet = TestGateway.start("server:\n  access_log: false\nproviders:\n  m:\n    type: mock\n"
                + "models:\n  - name: gpt-4o-mini\n    provider: m\n")) {
            var response = quiet.post(
                    "/v1/chat/completions",
                    "application/json",
                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            // The request metric is the last of the request's end handlers, after the access log's.
            await("the request's end handlers ran")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> quiet.server()
                            .metrics()
                            .scrape()
                            .lines()
                            .anyMatch(line -> line.startsWith("gatehouse_requests_total{")
                                    && line.contains("path=\"/v1/chat/completions\"")));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(accessLines()).isEmpty();
        }
    }

    @Test
    void writesOneStructuredLinePerRequestWithoutKeys() throws Exception {
        var ok = gateway.post(
                "/v1/chat/completions",
                "application/json",
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        var bad = gateway.send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.baseUrl() + "/chat/completions"))
                        .header("authorization", "Bearer sk-wrong-client-key-55555555")
                        .header("content-type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                        .build());
        // The line is written when the response has ended, which can be after the client has it.
        await().atMost(Duration.ofSeconds(10)).until(() -> accessLines().size() >= 2);

        List<String> lines = accessLines();
        assertThat(lines).hasSize(2);
        String requestId = ok.headers().firstValue("x-request-id").orElseThrow();
        assertThat(lines.get(0))
                .contains(
                        "\"request_id\":\"" + requestId + "\"",
                        "\"status\":200",
                        "\"model\":\"gpt-4o-mini\"",
                        "\"provider\":\"fake\"",
                        "\"latency_ms\":",
                        "\"input_tokens\":19",
                        "\"output_tokens\":10",
                        "\"deployment\":\"fake/gpt-4o-mini\"",
                        "\"attempts\":1",
                        "\"fallback\":false");
        assertThat(lines.get(1))
                .contains(
                        "\"status\":401",
                        "\"error_code\":\"invalid_api_key\"",
                        "\"request_id\":\""
                                + bad.headers().firstValue("x-request-id").orElseThrow() + "\"");
        for (String line : allLines()) {
            assertThat(line).doesNotContain(TestGateway.MASTER_KEY, UPSTREAM_KEY, "sk-wrong-client-key-55555555");
        }
    }
}
