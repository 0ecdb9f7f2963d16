package dev.gatehouse.provider.cohere;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.json.Json;
import dev.gatehouse.provider.UpstreamRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

class CohereAdapterTest {

    private final CohereAdapter adapter = new CohereAdapter();

    @Test
    void postsChatToV2ChatWithABearerKeyAndTheProviderHeaders() {
        UpstreamRequest upstream = adapter.toUpstream(CohereRequests.chat("""
                {"model":"my-model","messages":[{"role":"user","content":"Hi"}],"stream":true}"""), CohereRequests.route());

        assertThat(upstream.method()).isEqualTo(HttpMethod.POST);
        assertThat(upstream.url()).isEqualTo("https://api.cohere.com/v2/chat");
        assertThat(upstream.headers())
                .containsEntry("authorization", "Bearer " + CohereRequests.KEY)
                .containsEntry("content-type", "application/json")
                .containsEntry("accept", "text/event-stream")
                .containsEntry("x-client-name", "gatehouse-test");
        assertThat(Json.parse(upstream.body()).path("stream").asBoolean()).isTrue();
        assertThat(upstream.toString()).doesNotContain(CohereRequests.KEY);
    }

    @Test
    void postsEmbeddingsToV2EmbedAndAnswersInTheRequestedEncoding() {
        var request = CohereRequests.embeddings("""
                {"model":"my-model","input":["hello","goodbye"],"encoding_format":"base64"}""");

        UpstreamRequest upstream = adapter.toUpstreamEmbeddings(request, CohereRequests.route());
        var reply =
                adapter.fromUpstreamEmbeddings(request, CohereRequests.route(), CohereRequests.fixture("embed.json"));

        assertThat(upstream.url()).isEqualTo("https://api.cohere.com/v2/embed");
        assertThat(upstream.headers()).containsEntry("accept", "application/json");
        assertThat(Json.parse(reply.body())
                        .path("data")
                        .get(0)
                        .path("embedding")
                        .isTextual())
                .isTrue();
    }

    @Test
    void classifiesErrorsAndStreamsThroughItsOwnTranslators() {
        var error = adapter.toError(
                CohereRequests.route(),
                429,
                MultiMap.caseInsensitiveMultiMap(),
                CohereRequests.fixture("error-rate-limit.json"));

        assertThat(error.status()).isEqualTo(429);
        assertThat(adapter.newStreamTranslator(CohereRequests.chat("""
                {"model":"m","messages":[{"role":"user","content":"Hi"}],"stream":true}"""), CohereRequests.route()))
                .isInstanceOf(CohereStreamToOpenAi.class);
    }
}
