package dev.gatehouse.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Traces end to end: a gateway exporting to a real OTLP/HTTP receiver in the test, an upstream that
 * fails once and then answers, and the span tree, attributes and propagation that come out.
 */
class TracesEndToEndTest {

    private static final String KEY = "sk-traced-key-000000000001";
    private static final String PROMPT = "the secret prompt text 7f3a";
    private static final HexFormat HEX = HexFormat.of();

    private OtlpReceiver receiver;
    private FakeUpstream upstream;
    private TestGateway gateway;

    @BeforeEach
    void start() throws Exception {
        receiver = new OtlpReceiver();
        upstream = new FakeUpstream();
        gateway = TestGateway.start("""
                router:
                  retries: 2
                  backoff_base: 1ms
                  backoff_max: 5ms
                  circuit_breaker:
                    consecutive_failures: 1000
                    min_requests: 1000
                tracing:
                  endpoint: %s
                  service_name: gatehouse-test
                  sample_ratio: 1.0
                providers:
                  fake:
                    type: openai
                    base_url: %s
                    api_key: sk-upstream-secret-0000000001
                models:
                  - name: gpt-4o-mini
                    provider: fake
                keys:
                  - id: traced
                    key: %s
                """.formatted(receiver.endpoint(), upstream.baseUrl(), KEY));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        upstream.close();
        receiver.close();
    }

    @Test
    void aRetriedRequestIsOneTraceWithStageSpansTwoAttemptsAndGenAiAttributes() {
        upstream.then(FakeUpstream.json(500, Fixtures.text("openai/error-server.json")));

        ChatCompletion completion = gateway.client(KEY)
                .chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-4o-mini")
                        .addUserMessage(PROMPT)
                        .build());
        assertThat(completion.choices()).hasSize(1);

        Span server = awaitServerSpan();
        List<Span> trace = spansOf(server.getTraceId());
        assertThat(receiver.contentTypes()).allMatch(type -> type.startsWith("application/x-protobuf"));
        assertThat(receiver.spans()).allMatch(s -> s.serviceName().equals("gatehouse-test"));
        assertThat(server.getParentSpanId().isEmpty()).isTrue();
        assertThat(server.getName()).isEqualTo("POST /v1/chat/completions");

        // Every stage that did work has its own span, directly under the request's.
        Map<String, Span> children = trace.stream()
                .filter(s -> s.getParentSpanId().equals(server.getSpanId()))
                .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_INTERNAL)
                .collect(Collectors.toMap(Span::getName, s -> s));
        assertThat(children.keySet()).contains("authenticate", "validate", "cache", "route", "limits", "budgets");

        // One client span per upstream attempt: the failed one, then the retry on the same deployment.
        List<Span> attempts = trace.stream()
                .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT)
                .sorted((a, b) -> Long.compare(intAttr(a, "gatehouse.attempt"), intAttr(b, "gatehouse.attempt")))
                .toList();
        assertThat(attempts).hasSize(2);
        assertThat(attempts).allMatch(s -> s.getParentSpanId().equals(server.getSpanId()));
        assertThat(intAttr(attempts.get(0), "gatehouse.attempt")).isEqualTo(1);
        assertThat(boolAttr(attempts.get(0), "gatehouse.retry")).isFalse();
        assertThat(attr(attempts.get(0), "error.type")).isPresent();
        assertThat(intAttr(attempts.get(0), "http.response.status_code")).isEqualTo(500);
        assertThat(attempts.get(0).getStatus().getCode())
                .isEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(intAttr(attempts.get(1), "gatehouse.attempt")).isEqualTo(2);
        assertThat(boolAttr(attempts.get(1), "gatehouse.retry")).isTrue();
        assertThat(boolAttr(attempts.get(1), "gatehouse.fallback")).isFalse();
        assertThat(attr(attempts.get(1), "error.type")).isEmpty();
        assertThat(text(attempts.get(1), "gatehouse.deployment")).isEqualTo("fake/gpt-4o-mini");
        assertThat(text(attempts.get(1), "gen_ai.provider.name")).isEqualTo("openai");

        // The upstream got each attempt's own span as the parent in its traceparent.
        List<FakeUpstream.Received> calls = upstream.received();
        assertThat(calls).hasSize(2);
        for (int i = 0; i < 2; i++) {
            String traceparent = calls.get(i).headers().get("traceparent");
            // The flags byte says sampled (01); the SDK may add W3C level 2's random-trace-id bit (02).
            assertThat(traceparent)
                    .startsWith("00-" + hex(server.getTraceId()) + "-"
                            + hex(attempts.get(i).getSpanId()) + "-");
            assertThat(Integer.parseInt(traceparent.substring(53), 16) & 1).isEqualTo(1);
        }

        // GenAI attributes on the request's span, from its usage record.
        assertThat(text(server, "gen_ai.operation.name")).isEqualTo("chat");
        assertThat(text(server, "gen_ai.provider.name")).isEqualTo("openai");
        assertThat(text(server, "gen_ai.request.model")).isEqualTo("gpt-4o-mini");
        assertThat(text(server, "gen_ai.response.model")).isEqualTo("gpt-4o-mini");
        assertThat(intAttr(server, "gen_ai.usage.input_tokens")).isEqualTo(19);
        assertThat(intAttr(server, "gen_ai.usage.output_tokens")).isEqualTo(10);
        assertThat(intAttr(server, "gen_ai.usage.cache_read.input_tokens")).isZero();
        assertThat(attr(server, "gen_ai.response.finish_reasons")
                        .orElseThrow()
                        .getArrayValue()
                        .getValuesList())
                .extracting(AnyValue::getStringValue)
                .containsExactly("stop");
        assertThat(text(server, "gatehouse.key_id")).isEqualTo("traced");
        assertThat(text(server, "gatehouse.deployment")).isEqualTo("fake/gpt-4o-mini");
        assertThat(text(server, "gatehouse.cache")).isNotEmpty();
        assertThat(intAttr(server, "gatehouse.attempts")).isEqualTo(2);
        assertThat(attr(server, "gatehouse.cost_usd")).isPresent();
        assertThat(attr(server, "error.type")).isEmpty();

        // No prompt text anywhere in the trace.
        assertThat(trace.toString()).doesNotContain(PROMPT);
    }

    @Test
    void continuesTheCallersTraceAndCarriesItUpstream() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String callerSpan = "00f067aa0ba902b7";
        HttpResponse<String> response =
                gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                        .timeout(Duration.ofSeconds(30))
                        .header("authorization", "Bearer " + KEY)
                        .header("content-type", "application/json")
                        .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                        .build());
        assertThat(response.statusCode()).isEqualTo(200);

        Span server = awaitServerSpan();
        assertThat(hex(server.getTraceId())).isEqualTo(traceId);
        assertThat(hex(server.getParentSpanId())).isEqualTo(callerSpan);
        assertThat(upstream.lastReceived().headers().get("traceparent")).startsWith("00-" + traceId + "-");
    }

    @Test
    void aStreamsSpanEndsWithTheStreamAndMarksItsFirstChunk() {
        upstream.then(FakeUpstream.sse(
                Fixtures.sseData("openai/chat-stream-usage.sse"), Duration.ofMillis(1), FakeUpstream.After.END));

        try (var stream = gateway.client(KEY)
                .chat()
                .completions()
                .createStreaming(ChatCompletionCreateParams.builder()
                        .model("gpt-4o-mini")
                        .addUserMessage(PROMPT)
                        .build())) {
            assertThat(stream.stream().count()).isPositive();
        }

        Span server = awaitServerSpan();
        assertThat(server.getEventsList()).extracting(Span.Event::getName).contains("gen_ai.first_chunk");
        assertThat(intAttr(server, "gatehouse.stream.chunks")).isPositive();
        assertThat(intAttr(server, "gen_ai.usage.output_tokens")).isPositive();
        assertThat(attr(server, "gen_ai.response.finish_reasons")).isPresent();
        List<Span> attempts = spansOf(server.getTraceId()).stream()
                .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT)
                .toList();
        assertThat(attempts).hasSize(1);
        // The attempt lasted until the stream ended, inside the request's span.
        assertThat(attempts.get(0).getEndTimeUnixNano()).isLessThanOrEqualTo(server.getEndTimeUnixNano());
        assertThat(attempts.get(0).getEndTimeUnixNano() - attempts.get(0).getStartTimeUnixNano())
                .isPositive();
    }

    @Test
    void aFallbackIsItsOwnAttemptSpanOnTheOtherDeployment() throws Exception {
        try (FakeUpstream second = new FakeUpstream();
                TestGateway fallback =
                        TestGateway.start("""
                        router:
                          retries: 0
                          circuit_breaker:
                            consecutive_failures: 1000
                            min_requests: 1000
                        tracing:
                          endpoint: %s
                        providers:
                          pa:
                            type: openai
                            base_url: %s
                            api_key: sk-upstream-secret-0000000001
                          pb:
                            type: openai
                            base_url: %s
                            api_key: sk-upstream-secret-0000000002
                        models:
                          - name: smart
                            deployments:
                              - provider: pa
                                model: model-a
                              - provider: pb
                                model: model-b
                        """.formatted(receiver.endpoint(), upstream.baseUrl(), second.baseUrl()))) {
            upstream.then(FakeUpstream.json(503, Fixtures.text("openai/error-overloaded.json")));

            HttpResponse<String> response = fallback.post(
                    "/v1/chat/completions",
                    "application/json",
                    "{\"model\":\"smart\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertThat(response.statusCode()).isEqualTo(200);

            Span server = awaitServerSpan();
            List<Span> attempts = spansOf(server.getTraceId()).stream()
                    .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT)
                    .sorted((a, b) -> Long.compare(intAttr(a, "gatehouse.attempt"), intAttr(b, "gatehouse.attempt")))
                    .toList();
            assertThat(attempts)
                    .extracting(s -> text(s, "gatehouse.deployment"))
                    .containsExactly("pa/model-a", "pb/model-b");
            assertThat(boolAttr(attempts.get(0), "gatehouse.fallback")).isFalse();
            assertThat(boolAttr(attempts.get(1), "gatehouse.fallback")).isTrue();
            assertThat(text(server, "gatehouse.deployment")).isEqualTo("pb/model-b");
            assertThat(text(server, "gen_ai.response.model")).isEqualTo("model-b");
            assertThat(second.lastReceived().headers().get("traceparent"))
                    .startsWith("00-" + hex(server.getTraceId()) + "-"
                            + hex(attempts.get(1).getSpanId()));
        }
    }

    @Test
    void anUnreachableCollectorNeverFailsARequest() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (TestGateway lonely = TestGateway.start("""
                tracing:
                  endpoint: http://127.0.0.1:%d
                providers:
                  fake:
                    type: openai
                    base_url: %s
                    api_key: sk-upstream-secret-0000000001
                models:
                  - name: gpt-4o-mini
                    provider: fake
                """.formatted(closedPort, upstream.baseUrl()))) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = lonely.post(
                        "/v1/chat/completions",
                        "application/json",
                        "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
                assertThat(response.statusCode()).isEqualTo(200);
            }
            assertThat(upstream.lastReceived().headers()).containsKey("traceparent");
        }
    }

    @Test
    void withoutAnEndpointNothingIsTracedOrPropagated() throws Exception {
        try (FakeUpstream plain = new FakeUpstream();
                TestGateway untraced = TestGateway.start("""
                        providers:
                          fake:
                            type: openai
                            base_url: %s
                            api_key: sk-upstream-secret-0000000001
                        models:
                          - name: gpt-4o-mini
                            provider: fake
                        """.formatted(plain.baseUrl()))) {
            HttpResponse<String> response = untraced.post(
                    "/v1/chat/completions",
                    "application/json",
                    "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(untraced.server().state().config().tracing().enabled()).isFalse();
            assertThat(plain.lastReceived().headers()).doesNotContainKey("traceparent");
        }
    }

    private Span awaitServerSpan() {
        return await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> receiver.spans().stream()
                                .map(OtlpReceiver.Received::span)
                                .filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER)
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    private List<Span> spansOf(ByteString traceId) {
        return receiver.spans().stream()
                .map(OtlpReceiver.Received::span)
                .filter(s -> s.getTraceId().equals(traceId))
                .toList();
    }

    private static String hex(ByteString bytes) {
        return HEX.formatHex(bytes.toByteArray());
    }

    private static Optional<AnyValue> attr(Span span, String key) {
        return span.getAttributesList().stream()
                .filter(a -> a.getKey().equals(key))
                .map(KeyValue::getValue)
                .findFirst();
    }

    private static @Nullable String text(Span span, String key) {
        return attr(span, key).map(AnyValue::getStringValue).orElse(null);
    }

    private static long intAttr(Span span, String key) {
        return attr(span, key)
                .orElseThrow(() -> new AssertionError("no " + key))
                .getIntValue();
    }

    private static boolean boolAttr(Span span, String key) {
        return attr(span, key)
                .orElseThrow(() -> new AssertionError("no " + key))
                .getBoolValue();
    }
}
