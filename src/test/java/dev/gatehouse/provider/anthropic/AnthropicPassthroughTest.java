package dev.gatehouse.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.NativeRequest;
import dev.gatehouse.api.anthropic.AnthropicRequestReader;
import dev.gatehouse.json.Json;
import dev.gatehouse.provider.UpstreamRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A /v1/messages request on its way to Anthropic: only the model and the headers the gateway owns change. */
class AnthropicPassthroughTest {

    private final AnthropicAdapter adapter = new AnthropicAdapter();

    private static CanonicalRequest messages(String body, MultiMap headers) {
        Buffer bytes = Buffer.buffer(body);
        return new AnthropicRequestReader(true).read((ObjectNode) Json.parse(bytes), bytes, headers);
    }

    @Test
    void replacesOnlyTheTopLevelModelAndKeepsEveryOtherByte() {
        String body = "{ \"metadata\" : {\"model\": \"nested\"},\n  \"model\"  :\t\"claude-agent\" ,"
                + "\"max_tokens\":1e3, \"messages\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"text\",\"text\":\"caf\\u00e9 \\/ \\\"model\\\": \\\"x\\\"\","
                + "\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}]}]}";

        Buffer sent = AnthropicPassthrough.body(Buffer.buffer(body), "claude-sonnet-4-5-20250929");

        assertThat(sent.toString(StandardCharsets.UTF_8))
                .isEqualTo(body.replace("\"claude-agent\"", "\"claude-sonnet-4-5-20250929\""));
    }

    @Test
    void sendsTheClientsBytesThemselvesWhenTheModelIsUnchanged() {
        Buffer body = Buffer.buffer("{\"model\":\"claude-sonnet-4-20250514\",\"max_tokens\":5}");

        assertThat(AnthropicPassthrough.body(body, "claude-sonnet-4-20250514")).isSameAs(body);
    }

    @Test
    void takesTheClientsVersionAndAddsItsBetaFeaturesToTheConfiguredOnes() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Anthropic-Version", "2023-06-01")
                .add("anthropic-beta", "interleaved-thinking-2025-05-14, context-1m-2025-08-07")
                .add("x-api-key", "the-clients-gateway-key");
        CanonicalRequest request = messages(
                "{\"model\":\"claude\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                headers);

        UpstreamRequest upstream = adapter.toUpstream(
                request, AnthropicTestRoutes.route(Map.of("Anthropic-Beta", "context-1m-2025-08-07")));

        assertThat(request.nativeIn(NativeRequest.Dialect.ANTHROPIC_MESSAGES)).isNotNull();
        assertThat(upstream.headers())
                .containsEntry("anthropic-version", "2023-06-01")
                .containsEntry("anthropic-beta", "context-1m-2025-08-07,interleaved-thinking-2025-05-14")
                .containsEntry("x-api-key", AnthropicTestRoutes.KEY)
                .doesNotContainKey("Anthropic-Beta");
        assertThat(Json.parse(upstream.body()).path("model").asText()).isEqualTo(AnthropicTestRoutes.MODEL);
    }

    @Test
    void relaysTheAnswerBesideItsCanonicalForm() {
        CanonicalRequest request = messages(
                "{\"model\":\"claude\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                MultiMap.caseInsensitiveMultiMap());
        Buffer answer = Buffer.buffer(dev.gatehouse.testing.Fixtures.text("anthropic/message-thinking-tool.json"));

        var reply = adapter.fromUpstream(request, AnthropicTestRoutes.route(), answer);

        assertThat(reply.passthrough()).isSameAs(answer);
        assertThat(Json.parse(reply.body()).path("object").asText()).isEqualTo("chat.completion");
        assertThat(reply.usage().cachedInputTokens()).isEqualTo(20480);
    }

    @Test
    void anOpenAiRequestIsTranslatedAndItsAnswerIsNotRelayed() {
        CanonicalRequest request = AnthropicTestRoutes.chat(
                "{\"model\": \"claude\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}");

        var reply = adapter.fromUpstream(
                request,
                AnthropicTestRoutes.route(),
                Buffer.buffer(dev.gatehouse.testing.Fixtures.text("anthropic/message-hello.json")));

        assertThat(reply.passthrough()).isNull();
    }
}
