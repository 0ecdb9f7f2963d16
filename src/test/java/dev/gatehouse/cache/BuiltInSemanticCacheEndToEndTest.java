package dev.gatehouse.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.cache.semantic.MiniLmEmbedder;
import dev.gatehouse.config.CacheSettings;
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
 * The semantic cache as production wires it: the in-process all-MiniLM-L6-v2 embedder and the
 * near-miss check, at the default threshold, through the real server. A reworded question is a
 * semantic hit; "turn off" after "turn on" is not, although the two embed close together.
 */
class BuiltInSemanticCacheEndToEndTest {

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
                  mode: semantic
                """);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theConfigDefaultIsTheThresholdTheEvaluationSupports() {
        assertThat(CacheSettings.DEFAULT_THRESHOLD).isEqualTo(MiniLmEmbedder.DEFAULT_THRESHOLD);
    }

    @Test
    void aReorderedQuestionIsASemanticHit() throws Exception {
        assertThat(cache(ask("Where can I download my invoice?"))).isEqualTo("miss");

        HttpResponse<String> reworded = ask("My invoice, where can I download it?");

        assertThat(cache(reworded)).isEqualTo("semantic-hit");
        assertThat(Double.parseDouble(reworded.headers()
                        .firstValue("x-gatehouse-cache-similarity")
                        .orElseThrow()))
                .isGreaterThanOrEqualTo(CacheSettings.DEFAULT_THRESHOLD);
        assertThat(reworded.body())
                .isEqualTo(ask("Where can I download my invoice?").body());
    }

    @Test
    void theOppositeInstructionIsNotServedTheCachedAnswer() throws Exception {
        assertThat(cache(ask("Turn on dark mode in the settings app."))).isEqualTo("miss");

        assertThat(cache(ask("Turn off dark mode in the settings app."))).isEqualTo("miss");
    }

    private static String cache(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.headers().firstValue("x-gatehouse-cache").orElse("");
    }

    private static HttpResponse<String> ask(String question) throws Exception {
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question
                + "\"}],\"max_tokens\":40}";
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                        .timeout(Duration.ofSeconds(60))
                        .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
