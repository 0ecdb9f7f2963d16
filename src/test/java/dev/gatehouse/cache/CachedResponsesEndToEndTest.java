package dev.gatehouse.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cache behind the Responses API: a repeated {@code /v1/responses} request is answered from the
 * cache as a Response object of its own (its own id, kept and retrievable), and a streamed repeat is
 * replayed as the typed event sequence ending in {@code response.completed}.
 */
class CachedResponsesEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start("""
                providers:
                  mock:
                    type: mock
                    mock:
                      chunk_interval: 0ms
                models:
                  - name: gpt-4o-mini
                    provider: mock
                cache:
                  mode: exact
                """);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aRepeatedResponsesRequestIsAHitWithItsOwnKeptResponse() throws Exception {
        String body = "{\"model\":\"gpt-4o-mini\",\"input\":\"Name three rivers in Europe.\"}";
        HttpResponse<String> first = send("POST", "/v1/responses", body);
        HttpResponse<String> second = send("POST", "/v1/responses", body);

        assertThat(first.headers().firstValue("x-gatehouse-cache")).hasValue("miss");
        assertThat(second.headers().firstValue("x-gatehouse-cache")).hasValue("hit");
        JsonNode a = JSON.readTree(first.body());
        JsonNode b = JSON.readTree(second.body());
        assertThat(b.path("object").asText()).isEqualTo("response");
        assertThat(b.path("status").asText()).isEqualTo("completed");
        assertThat(b.path("id").asText())
                .startsWith("resp_")
                .isNotEqualTo(a.path("id").asText());
        assertThat(text(b)).isNotBlank().isEqualTo(text(a));
        HttpResponse<String> kept = send("GET", "/v1/responses/" + b.path("id").asText(), null);
        assertThat(kept.statusCode()).isEqualTo(200);
        assertThat(text(JSON.readTree(kept.body()))).isEqualTo(text(a));
    }

    @Test
    void aStreamedRepeatIsReplayedAsTheTypedEventSequence() throws Exception {
        String body = "{\"model\":\"gpt-4o-mini\",\"input\":\"Name three lakes in Africa.\",\"stream\":true}";
        send("POST", "/v1/responses", body);

        HttpResponse<String> replay = send("POST", "/v1/responses", body);

        assertThat(replay.headers().firstValue("x-gatehouse-cache")).hasValue("hit");
        assertThat(replay.body())
                .contains("event: response.created")
                .contains("event: response.output_text.delta")
                .contains("event: response.completed")
                .doesNotContain("[DONE]");
    }

    private static String text(JsonNode response) {
        StringBuilder text = new StringBuilder();
        for (JsonNode item : response.path("output")) {
            for (JsonNode part : item.path("content")) {
                text.append(part.path("text").asText());
            }
        }
        return text.toString();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                .header("content-type", "application/json");
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }
}
