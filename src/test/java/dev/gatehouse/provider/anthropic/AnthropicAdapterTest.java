package dev.gatehouse.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.provider.EmbeddingsAdapter;
import dev.gatehouse.provider.UpstreamRequest;
import dev.gatehouse.testing.Fixtures;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the adapter addresses Anthropic: endpoint, authentication, version, and what it refuses. */
class AnthropicAdapterTest {

    private final AnthropicAdapter adapter = new AnthropicAdapter();

    @Test
    void postsToTheMessagesEndpointWithTheApiKeyAndVersionHeaders() {
        CanonicalRequest request = AnthropicTestRoutes.chat(
                "{\"model\": \"claude\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}");

        UpstreamRequest upstream = adapter.toUpstream(
                request, AnthropicTestRoutes.route(Map.of("anthropic-beta", "context-1m-2025-08-07")));

        assertThat(upstream.method()).isEqualTo(HttpMethod.POST);
        assertThat(upstream.url()).isEqualTo("https://api.anthropic.com/v1/messages");
        assertThat(upstream.headers())
                .containsEntry("x-api-key", AnthropicTestRoutes.KEY)
                .containsEntry("anthropic-version", "2023-06-01")
                .containsEntry("content-type", "application/json")
                .containsEntry("accept", "application/json")
                .containsEntry("anthropic-beta", "context-1m-2025-08-07")
                .doesNotContainKey("authorization");
        assertThat(Json.parse(upstream.body()).path("model").asText()).isEqualTo(AnthropicTestRoutes.MODEL);
        assertThat(upstream.toString()).doesNotContain(AnthropicTestRoutes.KEY);
    }

    @Test
    void asksForAnEventStreamWhenTheClientStreams() {
        CanonicalRequest request = AnthropicTestRoutes.chat(
                "{\"model\": \"claude\", \"stream\": true, \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}");

        UpstreamRequest upstream = adapter.toUpstream(request, AnthropicTestRoutes.route());

        assertThat(upstream.headers()).containsEntry("accept", "text/event-stream");
        assertThat(Json.parse(upstream.body()).path("stream").asBoolean()).isTrue();
    }

    @Test
    void cannotEmbedBecauseAnthropicHasNoEmbeddingsEndpoint() {
        assertThat(adapter).isNotInstanceOf(EmbeddingsAdapter.class);
    }

    @Test
    void delegatesAnswersStreamsAndErrorsToTheirTranslators() {
        CanonicalRequest request = AnthropicTestRoutes.chat(
                "{\"model\": \"claude\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}]}");

        var reply = adapter.fromUpstream(
                request, AnthropicTestRoutes.route(), Buffer.buffer(Fixtures.text("anthropic/message-hello.json")));
        GatewayError error = adapter.toError(
                AnthropicTestRoutes.route(),
                429,
                MultiMap.caseInsensitiveMultiMap(),
                Buffer.buffer(Fixtures.text("anthropic/error-rate-limit.json")));

        assertThat(Json.parse(reply.body()).path("object").asText()).isEqualTo("chat.completion");
        assertThat(adapter.newStreamTranslator(request, AnthropicTestRoutes.route()))
                .isInstanceOf(AnthropicStreamToOpenAi.class);
        assertThat(error.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    }
}
