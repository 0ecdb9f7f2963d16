package dev.gatehouse.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.server.CacheWiring;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import dev.gatehouse.testing.TwoInstances;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances on one Redis and one PostgreSQL: an answer cached through one is an exact
 * hit on the other, and the other's own vector index learns the entry for semantic hits; another
 * team is answered from neither.
 */
class CacheAcrossInstancesEndToEndTest {

    @Test
    void anAnswerCachedThroughOneInstanceIsAHitOnTheOther() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream()) {
            upstream.onPath("/v1/models", FakeUpstream.json(200, "{\"object\":\"list\",\"data\":[]}"));
            upstream.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
            String config = TestGateway.SINGLE_ATTEMPT + "@STORE_AND_STATE@\n" + """
                    cache:
                      mode: semantic
                      semantic:
                        threshold: 0.85
                    """
                    + ResponseCacheEndToEndTest.MODELS.formatted(upstream.baseUrl());
            try (TwoInstances two = TwoInstances.start(
                    config, null, null, new CacheWiring(vertx -> new BagOfWordsEmbedder(), new NumbersDifferCheck()))) {
                AdminClient admin = new AdminClient(two.a().port(), TestGateway.MASTER_KEY);
                admin.call("DELETE", "/admin/v1/cache", "");
                admin.call("POST", "/admin/v1/teams", "{\"team_id\":\"red\"}");
                admin.call("POST", "/admin/v1/teams", "{\"team_id\":\"blue\"}");
                String red = admin.createKey("{\"team_id\":\"red\"}").get("key").asText();
                String blue =
                        admin.createKey("{\"team_id\":\"blue\"}").get("key").asText();
                String question = "tell me the capital of France";

                // Keys reach instance b through the store's change poll or the bus: wait for them.
                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(15))
                        .until(() -> TwoInstances.modelsStatus(two.b(), blue) == 200);

                assertThat(cache(ask(two.a(), red, question))).isEqualTo("miss");
                assertThat(cache(ask(two.b(), red, question))).isEqualTo("hit");
                HttpResponse<String> paraphrase = ask(two.b(), red, question + " please");
                assertThat(cache(paraphrase)).isEqualTo("semantic-hit");
                assertThat(cache(ask(two.b(), blue, question))).isEqualTo("miss");
                assertThat(cache(ask(two.a(), blue, question + " please"))).isEqualTo("semantic-hit");
                assertThat(upstream.received().stream()
                                .filter(r -> r.method().equals("POST"))
                                .count())
                        .isEqualTo(2);
            }
        }
    }

    private static HttpResponse<String> ask(TestGateway gateway, String key, String question) throws Exception {
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(20))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ResponseCacheEndToEndTest.chat(question)))
                .build());
    }

    private static String cache(HttpResponse<String> response) {
        return response.headers().firstValue("x-gatehouse-cache").orElse("(none)");
    }
}
