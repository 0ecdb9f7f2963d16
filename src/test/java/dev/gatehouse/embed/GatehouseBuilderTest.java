package dev.gatehouse.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.guardrail.Guardrail;
import dev.gatehouse.guardrail.GuardrailText;
import dev.gatehouse.guardrail.Verdict;
import dev.gatehouse.metering.UsageRecord;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.provider.ProviderAdapter;
import dev.gatehouse.provider.ProviderErrors;
import dev.gatehouse.provider.StreamTranslator;
import dev.gatehouse.provider.UpstreamRequest;
import dev.gatehouse.routing.Route;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Gatehouse} built from a YAML string with an application's own provider dialect, guardrail
 * and usage sink, serving real HTTP requests.
 */
class GatehouseBuilderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "sk-embed-test-master-0000000001";

    @TempDir
    Path dataDir;

    /** An in-house model server's dialect: {@code POST /generate {"prompt"}} answers {@code {"text","tokens"}}. */
    static final class InHouseAdapter implements ProviderAdapter {

        @Override
        public UpstreamRequest toUpstream(CanonicalRequest request, Route route) {
            JsonNode messages = request.body().path("messages");
            String prompt = messages.path(messages.size() - 1).path("content").asText();
            ObjectNode body =
                    JSON.createObjectNode().put("model", route.upstreamModel()).put("prompt", prompt);
            return new UpstreamRequest(
                    HttpMethod.POST,
                    route.provider().baseUrl() + "/generate",
                    Map.of("content-type", "application/json"),
                    Buffer.buffer(body.toString()));
        }

        @Override
        public Reply.Unary fromUpstream(CanonicalRequest request, Route route, Buffer body) {
            JsonNode answer;
            try {
                answer = JSON.readTree(body.getBytes());
            } catch (java.io.IOException e) {
                throw GatewayError.of(ErrorKind.BAD_UPSTREAM_RESPONSE, "not the in-house format", null, null);
            }
            ObjectNode completion = JSON.createObjectNode()
                    .put("id", "chatcmpl-inhouse")
                    .put("object", "chat.completion")
                    .put("created", 0)
                    .put("model", request.model());
            completion
                    .putArray("choices")
                    .addObject()
                    .put("index", 0)
                    .put("finish_reason", "stop")
                    .putObject("message")
                    .put("role", "assistant")
                    .put("content", answer.path("text").asText());
            long out = answer.path("tokens").asLong();
            return new Reply.Unary(200, Buffer.buffer(completion.toString()), new Usage(5, 0, 0, out, false));
        }

        @Override
        public StreamTranslator newStreamTranslator(CanonicalRequest request, Route route) {
            return new StreamTranslator() {
                @Override
                public void onBytes(Buffer bytes, Consumer<StreamChunk> out) {
                    throw GatewayError.invalid("the in-house model does not stream", "stream");
                }

                @Override
                public void onEnd(Consumer<StreamChunk> out) {}

                @Override
                public @Nullable Usage reportedUsage() {
                    return null;
                }
            };
        }

        @Override
        public GatewayError toError(Route route, int status, MultiMap headers, Buffer body) {
            return ProviderErrors.of(
                    status >= 500 ? ErrorKind.UNAVAILABLE : ErrorKind.INVALID_REQUEST,
                    route.provider().name(),
                    ProviderErrors.excerpt(body));
        }
    }

    /** Refuses any prompt that mentions bananas. */
    record NoBananas() implements Guardrail {
        @Override
        public String name() {
            return "no-bananas";
        }

        @Override
        public Future<Verdict> check(GuardrailText text) {
            return Future.succeededFuture(
                    text.joined().toLowerCase(java.util.Locale.ROOT).contains("banana")
                            ? new Verdict.Block("bananas are not allowed here", List.of("fruit"))
                            : Verdict.Allow.clean());
        }
    }

    private static String config(String upstream) {
        return """
                providers:
                  inhouse:
                    type: custom
                    base_url: %s
                models:
                  - name: house-model
                    provider: inhouse
                guardrails:
                  - name: no-bananas
                    type: custom
                guardrail_policies:
                  global:
                    input: [no-bananas]
                server:
                  access_log: false
                  shutdown:
                    grace_period: 0s
                    drain_timeout: 5s
                """.formatted(upstream);
    }

    private static HttpResponse<String> chat(Gatehouse gateway, String content) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                                .header("authorization", "Bearer " + gateway.masterKey())
                                .header("content-type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"model\":\"house-model\",\"messages\":[{\"role\":\"user\",\"content\":\""
                                                + content + "\"}]}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCustomProviderGuardrailAndUsageSinkServeRealRequests() throws Exception {
        List<UsageRecord> records = new CopyOnWriteArrayList<>();
        try (FakeUpstream inHouse = new FakeUpstream()) {
            inHouse.always(FakeUpstream.json(200, "{\"text\":\"Hello from the basement GPU\",\"tokens\":6}"));
            try (Gatehouse gateway = Gatehouse.builder()
                    .configYaml(config(inHouse.baseUrl()))
                    .env(Map.of())
                    .dataDir(dataDir)
                    .masterKey(KEY)
                    .port(0)
                    .eventLoops(1)
                    .provider("inhouse", new InHouseAdapter())
                    .guardrail(new NoBananas())
                    .usageSink((record, written) -> {
                        records.add(record);
                        written.run();
                    })
                    .start()) {

                HttpResponse<String> answered = chat(gateway, "Say hello");
                assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
                assertThat(JSON.readTree(answered.body())
                                .path("choices")
                                .path(0)
                                .path("message")
                                .path("content")
                                .asText())
                        .isEqualTo("Hello from the basement GPU");
                JsonNode sent = inHouse.lastReceived().body();
                assertThat(inHouse.lastReceived().path()).endsWith("/generate");
                assertThat(sent.path("prompt").asText()).isEqualTo("Say hello");

                HttpResponse<String> blocked = chat(gateway, "I want a banana");
                assertThat(blocked.statusCode()).isEqualTo(400);
                assertThat(JSON.readTree(blocked.body())
                                .path("error")
                                .path("message")
                                .asText())
                        .contains("bananas are not allowed here");
                assertThat(inHouse.received()).hasSize(1);

                String answeredId =
                        answered.headers().firstValue("x-request-id").orElseThrow();
                await("the sink got both requests' records")
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> records.size() == 2);
                UsageRecord first = records.stream()
                        .filter(r -> answeredId.equals(r.requestId()))
                        .findFirst()
                        .orElseThrow();
                assertThat(first.provider()).isEqualTo("inhouse");
                assertThat(first.outputTokens()).isEqualTo(6);
                assertThat(first.status()).isEqualTo(200);
            }
        }
    }

    @Test
    void aCustomProviderWithoutAnAdapterIsRefusedAtStartByName() {
        Gatehouse unadapted = Gatehouse.builder()
                .configYaml(config("http://127.0.0.1:9"))
                .env(Map.of())
                .dataDir(dataDir)
                .port(0)
                .guardrail(new NoBananas())
                .build();
        assertThatThrownBy(unadapted::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("providers.inhouse: type custom needs an adapter registered under 'inhouse'");
    }

    @Test
    void aCustomGuardrailEntryMustNameARegisteredGuardrail() {
        assertThatThrownBy(() -> Gatehouse.builder()
                        .configYaml(config("http://127.0.0.1:9"))
                        .env(Map.of())
                        .dataDir(dataDir)
                        .provider("inhouse", new InHouseAdapter())
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("guardrails[0].type")
                .hasMessageContaining("'custom' is not a guardrail type");
    }
}
