package dev.gatehouse.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.server.GatewayServer;
import dev.gatehouse.testing.TestGateway;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompts and answers in spans only under {@code tracing.capture_content}, PII-scrubbed; and what a
 * config reload changes in the running tracer (capture and sample ratio at once; the exporter's
 * endpoint and service name only at a restart, which the gateway reports).
 */
class SpanContentAndReloadTest {

    private static final String KEY = "sk-content-key-0000000000001";
    private static final String EMAIL = "jane.doe@example.com";

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = HttpClient.newHttpClient();
    private OtlpReceiver receiver;
    private Path file;
    private GatewayServer server;

    @BeforeEach
    void start() throws Exception {
        receiver = new OtlpReceiver();
        file = Files.writeString(dir.resolve("gatehouse.yaml"), config(true, 1.0, "gatehouse-content"));
        var config = new ConfigLoader(Map.of()).load(file);
        config = config.withServer(config.server().withPort(0).withMasterKey(TestGateway.MASTER_KEY))
                .withStore(new StoreSettings(
                        StoreSettings.Kind.SQLITE, dir.resolve("g.db").toString(), null, null, null, 2))
                .withUsage(config.usage().withSpoolDir(dir.resolve("spool")));
        server = GatewayServer.start(vertx, config, 1, new GatewayServer.ConfigSource(file, Map.of()))
                .await(20, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        server.stop().await(20, TimeUnit.SECONDS);
        vertx.close().await(20, TimeUnit.SECONDS);
        receiver.close();
    }

    private String config(boolean capture, double ratio, String serviceName) {
        return """
                state: memory
                tracing:
                  endpoint: %s
                  service_name: %s
                  sample_ratio: %s
                  capture_content: %s
                providers:
                  m:
                    type: mock
                models:
                  - name: gpt-4o-mini
                    provider: m
                keys:
                  - id: content
                    key: %s
                """.formatted(receiver.endpoint(), serviceName, ratio, capture, KEY);
    }

    @Test
    void capturesScrubbedContentOnlyWhenOnAndAppliesReloadedCaptureAndRatio() throws Exception {
        String first = chat("please write to " + EMAIL + " today");
        Span captured = awaitSpanOf(first);
        String input = text(captured, "gen_ai.input.messages");
        assertThat(input)
                .contains("\"role\":\"user\"", "\"type\":\"text\"", "please write to [EMAIL] today")
                .doesNotContain(EMAIL);
        assertThat(text(captured, "gen_ai.output.messages"))
                .contains("\"role\":\"assistant\"", "\"finish_reason\":\"stop\"");

        Files.writeString(file, config(false, 0.0, "gatehouse-renamed"));
        server.reload().await(20, TimeUnit.SECONDS);
        assertThat(server.pendingRestart()).containsExactly("tracing.service_name");

        String unsampled = chat("not traced " + EMAIL);
        Files.writeString(file, config(false, 1.0, "gatehouse-content"));
        server.reload().await(20, TimeUnit.SECONDS);
        assertThat(server.pendingRestart()).isEmpty();
        String plain = chat("traced without content " + EMAIL);

        Span withoutContent = awaitSpanOf(plain);
        assertThat(attr(withoutContent, "gen_ai.input.messages")).isEmpty();
        assertThat(attr(withoutContent, "gen_ai.output.messages")).isEmpty();
        // Spans are exported in the order they ended: the one sent at ratio 0 would have come first.
        assertThat(requestIds()).contains(first, plain).doesNotContain(unsampled);
        assertThat(receiver.spans().toString()).doesNotContain(EMAIL);
    }

    private String chat(String prompt) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/chat/completions"))
                        .timeout(Duration.ofSeconds(20))
                        .header("authorization", "Bearer " + KEY)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt
                                        + "\"}]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.headers().firstValue("x-request-id").orElseThrow();
    }

    private Span awaitSpanOf(String requestId) {
        return await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> receiver.spans().stream()
                                .map(OtlpReceiver.Received::span)
                                .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER)
                                .filter(s -> requestId.equals(text(s, "gatehouse.request_id")))
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    private List<String> requestIds() {
        return receiver.spans().stream()
                .map(OtlpReceiver.Received::span)
                .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER)
                .map(s -> text(s, "gatehouse.request_id"))
                .toList();
    }

    private static Optional<KeyValue> attr(Span span, String key) {
        return span.getAttributesList().stream()
                .filter(a -> a.getKey().equals(key))
                .findFirst();
    }

    private static String text(Span span, String key) {
        return attr(span, key).map(a -> a.getValue().getStringValue()).orElse("");
    }
}
