package dev.gatehouse.budget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Budgets through the real server against an OpenAI-shaped provider mock: a request whose cost
 * cannot be known is refused, an answer without usage is charged its estimate, and money adds up to
 * the last unit however small the requests.
 */
class BudgetsCannotBeBypassedEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** 20 output tokens at $0.99 per million: $0.0000198 a request, input free. */
    private static final String TINY_ANSWER = """
            {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"m",
             "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":9,"completion_tokens":20,"total_tokens":29}}""";

    private static final String NO_USAGE_ANSWER = """
            {"id":"chatcmpl-2","object":"chat.completion","created":1,"model":"m",
             "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""";

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
                  - name: homebrew
                    provider: up
                    model: homebrew-unpriced-7b
                  - name: selfhosted
                    provider: up
                    model: selfhosted-7b
                    prices: {input: 0, output: 0}
                  - name: tiny
                    provider: up
                    model: tiny-7b
                    prices: {input: 0, output: 0.99}
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

    private static HttpResponse<String> chat(String key, String model, int maxTokens) throws Exception {
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"))
                .build());
    }

    private static String keyWithBudget(String budget) throws Exception {
        return admin.createKey("{\"max_budget\":" + budget + "}").get("key").asText();
    }

    @Test
    void refusesAnUnpricedModelWhenABudgetAppliesNamingTheModelAndHowToPriceIt() throws Exception {
        int before = upstream.received().size();
        HttpResponse<String> r = chat(keyWithBudget("5"), "homebrew", 20);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asText()).isEqualTo("model_unpriced");
        assertThat(error.path("message").asText())
                .contains("homebrew-unpriced-7b")
                .contains("prices:");
        assertThat(upstream.received()).hasSize(before);
    }

    @Test
    void aSelfHostedModelPricedAtZeroIsPricedAndRuns() throws Exception {
        upstream.then(FakeUpstream.json(200, TINY_ANSWER));
        HttpResponse<String> r = chat(keyWithBudget("0.001"), "selfhosted", 20);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void anAnswerWithoutUsageIsChargedItsEstimate() throws Exception {
        // Each request reserves its worst case (~8 input + 100 output tokens at $0.001: ~$0.108) and,
        // without usage, settles at the estimate its usage record shows (~8 input + 1 output: ~$0.009).
        // Settled at $0, all 40 would pass; at the estimate, spend reaches $0.25 - $0.108 after ~16.
        String key = keyWithBudget("0.25");
        upstream.always(FakeUpstream.json(200, NO_USAGE_ANSWER));
        try {
            int admitted = 0;
            for (int i = 0; i < 40; i++) {
                HttpResponse<String> r = chat(key, "pricey", 100);
                if (r.statusCode() == 429) {
                    break;
                }
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                admitted++;
            }
            assertThat(admitted)
                    .as("requests admitted against $0.25 at an estimated ~$0.009 each, ~$0.108 reserved")
                    .isBetween(10, 20);
        } finally {
            upstream.always(FakeUpstream.json(200, TINY_ANSWER));
        }
    }

    @Test
    void aThousandRequestsOfTwoThousandthsOfACentAdmitExactlyAThousand() throws Exception {
        String key = keyWithBudget("0.0198");
        upstream.always(FakeUpstream.json(200, TINY_ANSWER));
        int admitted = 0;
        HttpResponse<String> last;
        while ((last = chat(key, "tiny", 20)).statusCode() == 200) {
            admitted++;
            assertThat(admitted).isLessThanOrEqualTo(1000);
        }
        assertThat(last.statusCode()).as(last.body()).isEqualTo(429);
        assertThat(admitted).isEqualTo(1000);
    }

    @Test
    void theSoftWarningFiresOnSpendNotOnTheWorstCaseReserved() throws Exception {
        // About $0.6 reserved at max_tokens 600, $0.029 spent: past the $0.5 threshold only if the reservation counted.
        String key = admin.createKey("{\"max_budget\":1,\"soft_budget\":0.5}")
                .get("key")
                .asText();
        upstream.always(FakeUpstream.json(200, TINY_ANSWER));
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = chat(key, "pricey", 600);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("x-gatehouse-budget-warning")).isEmpty();
        }
    }

    @Test
    void warningsAndRefusalsShowTheRealSpendAndLimitWithEnoughDigits() throws Exception {
        String key = admin.createKey("{\"max_budget\":0.095,\"soft_budget\":0.001}")
                .get("key")
                .asText();
        upstream.always(FakeUpstream.json(200, TINY_ANSWER));
        assertThat(chat(key, "pricey", 20).statusCode()).isEqualTo(200);

        HttpResponse<String> warned = chat(key, "pricey", 20);
        assertThat(warned.statusCode()).as(warned.body()).isEqualTo(200);
        assertThat(warned.headers().firstValue("x-gatehouse-budget-warning"))
                .hasValueSatisfying(w -> assertThat(w).endsWith("has used 0.029 of 0.095 USD in total"));

        HttpResponse<String> refused = chat(key, "pricey", 1000);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
        assertThat(JSON.readTree(refused.body()).path("error").path("message").asText())
                .contains("0.095 USD in total, 0.058 USD used");
    }
}
