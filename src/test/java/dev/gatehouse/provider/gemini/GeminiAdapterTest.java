package dev.gatehouse.provider.gemini;

import static dev.gatehouse.provider.gemini.GeminiRequests.chat;
import static dev.gatehouse.provider.gemini.GeminiRequests.embeddings;
import static dev.gatehouse.provider.gemini.GeminiRequests.route;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.json.Json;
import dev.gatehouse.provider.UpstreamRequest;
import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

/** Where the adapter sends each request, and how it authenticates. */
class GeminiAdapterTest {

    private final GeminiAdapter adapter = new GeminiAdapter();
    private static final String HELLO = "{'model':'m','messages':[{'role':'user','content':'Hi'}]";

    @Test
    void postsChatToGenerateContentWithTheKeyInAHeader() {
        UpstreamRequest request = adapter.toUpstream(chat(HELLO + "}"), route("gemini-2.5-flash"));

        assertThat(request.method()).isEqualTo(HttpMethod.POST);
        assertThat(request.url())
                .isEqualTo(GeminiRequests.BASE_URL + "/v1beta/models/gemini-2.5-flash:generateContent");
        assertThat(request.url()).doesNotContain(GeminiRequests.KEY);
        assertThat(request.headers())
                .containsEntry("x-goog-api-key", GeminiRequests.KEY)
                .containsEntry("content-type", "application/json")
                .containsEntry("accept", "application/json")
                .containsEntry("x-extra", "1")
                .doesNotContainKey("authorization");
        assertThat(Json.parse(request.body())
                        .path("contents")
                        .get(0)
                        .path("parts")
                        .get(0)
                        .path("text")
                        .asText())
                .isEqualTo("Hi");
    }

    @Test
    void streamsFromStreamGenerateContentAsServerSentEvents() {
        UpstreamRequest request = adapter.toUpstream(chat(HELLO + ",'stream':true}"), route("gemini-2.5-flash"));

        assertThat(request.url())
                .isEqualTo(GeminiRequests.BASE_URL + "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(request.headers()).containsEntry("accept", "text/event-stream");
    }

    @Test
    void addressesTunedModelsAndFullResourceNamesAsGiven() {
        assertThat(adapter.toUpstream(chat(HELLO + "}"), route("tunedModels/my-model-7"))
                        .url())
                .isEqualTo(GeminiRequests.BASE_URL + "/v1beta/tunedModels/my-model-7:generateContent");
        assertThat(adapter.toUpstream(chat(HELLO + "}"), route("models/gemini-2.0-flash"))
                        .url())
                .isEqualTo(GeminiRequests.BASE_URL + "/v1beta/models/gemini-2.0-flash:generateContent");
    }

    @Test
    void postsEmbeddingsToBatchEmbedContents() {
        UpstreamRequest request = adapter.toUpstreamEmbeddings(
                embeddings("{'model':'e','input':'hello'}"), route("gemini-embedding-001"));

        assertThat(request.url())
                .isEqualTo(GeminiRequests.BASE_URL + "/v1beta/models/gemini-embedding-001:batchEmbedContents");
        assertThat(request.headers()).containsEntry("x-goog-api-key", GeminiRequests.KEY);
        assertThat(Json.parse(request.body())
                        .path("requests")
                        .get(0)
                        .path("model")
                        .asText())
                .isEqualTo("models/gemini-embedding-001");
    }
}
