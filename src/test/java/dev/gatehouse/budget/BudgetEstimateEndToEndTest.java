package dev.gatehouse.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which input estimate a request's budget reservation holds, seen through the real server: a
 * request held in flight (its stream not yet released) keeps its reservation on the counter, and
 * the next request's soft-limit warning shows that counter. Far from the cap it is the ceiling
 * (no tokenizer); near the cap, the tokenizer's count.
 */
class BudgetEstimateEndToEndTest {

    /**
     * "hello" eight times: 8 tokens by o200k_base, 47 UTF-8 bytes. With the chat framing (3 to prime
     * the reply, 3 per message, 1 for "user", 4 bytes in the ceiling) that is 15 counted and 57 ceiling.
     */
    private static final String PROMPT = "hello hello hello hello hello hello hello hello";

    private static final int MAX_TOKENS = 10;
    /** (15 + 10) tokens at $0.001. */
    private static final String COUNTED_WORST_CASE = "0.025";
    /** (57 + 10) tokens at $0.001. */
    private static final String CEILING_WORST_CASE = "0.067";

    private static final String ANSWER = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m",
             "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":15,"completion_tokens":2,"total_tokens":17}}""";

    private static FakeUpstream upstream;
    private static TestGateway gateway;
    private static AdminClient admin;

    @BeforeAll
    static void start() {
        upstream = new FakeUpstream();
        gateway = TestGateway.start("""
                providers:
                  up:
                    type: openai
                    base_url: %s
                    api_key: sk-upstream-secret-0000000001
                models:
                  - name: pricey
                    provider: up
                    model: pricey-7b
                    prices: {input: 1000, output: 1000}
                """.formatted(upstream.baseUrl()));
        admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    private static HttpRequest chat(String key, boolean stream) {
        return HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"pricey\",\"stream\":" + stream
                        + ",\"max_tokens\":" + MAX_TOKENS + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT
                        + "\"}]}"))
                .build();
    }

    /**
     * What the budget counter holds for one request in flight: the spend the next request's warning
     * reports while the first one's stream is held at the upstream.
     */
    private static String heldWhileInFlight(String budget) throws Exception {
        String key = admin.createKey("{\"max_budget\":" + budget + ",\"soft_budget\":0.000001}")
                .get("key")
                .asText();
        List<String> events = Fixtures.sseData("openai/chat-stream-usage.sse");
        FakeUpstream.Stepped held = new FakeUpstream.Stepped(events);
        int before = upstream.received().size();
        upstream.then(held);
        CompletableFuture<HttpResponse<String>> first =
                gateway.http().sendAsync(chat(key, true), HttpResponse.BodyHandlers.ofString());
        try {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> upstream.received().size() > before);
            upstream.then(FakeUpstream.json(200, ANSWER));
            HttpResponse<String> second = gateway.send(chat(key, false));
            assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
            String warning =
                    second.headers().firstValue("x-gatehouse-budget-warning").orElseThrow();
            return warning.replaceAll(".* has used ([0-9.]+) of .*", "$1");
        } finally {
            for (int i = 0; i < events.size(); i++) {
                held.release();
            }
            assertThat(first.get().statusCode()).isEqualTo(200);
        }
    }

    @Test
    void farFromTheCapARequestReservesItsCeilingWithoutTheTokenizer() throws Exception {
        // $1,000 keeps more than a thousand worst cases of $0.067 free.
        assertThat(heldWhileInFlight("1000")).isEqualTo(CEILING_WORST_CASE);
    }

    @Test
    void nearTheCapARequestReservesItsCountedTokens() throws Exception {
        // $10 is fewer than a thousand worst cases: the count decides, as it would for a $1.00 budget.
        assertThat(heldWhileInFlight("10")).isEqualTo(COUNTED_WORST_CASE);
    }

    @Test
    void aRequestWhoseCeilingWouldPassTheCapIsAdmittedWhenItsCountFits() throws Exception {
        String key = admin.createKey("{\"max_budget\":0.03}").get("key").asText();
        upstream.then(FakeUpstream.json(200, ANSWER));

        HttpResponse<String> r = gateway.send(chat(key, false));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
