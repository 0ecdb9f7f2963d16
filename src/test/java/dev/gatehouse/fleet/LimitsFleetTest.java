package dev.gatehouse.fleet;

import static dev.gatehouse.fleet.FleetConfigs.COMPLETION_TOKENS;
import static dev.gatehouse.fleet.FleetConfigs.PROMPT_TOKENS;
import static dev.gatehouse.fleet.FleetConfigs.USD_PER_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fleet;
import dev.gatehouse.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Limits and budgets hold for a fleet as a whole: three instances sharing Redis and PostgreSQL, 300
 * clients at once spread round-robin across them, and the upstream's own count of the calls it got.
 * Per-minute limits count an exact sliding window ({@code algorithm: sliding_window}); with the
 * default token buckets a burst may also get what refilled while it ran (limit x seconds / 60).
 */
class LimitsFleetTest {

    private static final int CLIENTS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static FakeUpstream upstream;
    private static Fleet fleet;
    private static AdminClient admin;

    @BeforeAll
    static void start() {
        upstream = FleetConfigs.upstream();
        fleet = Fleet.start(3, FleetConfigs.metered(upstream, "limits:\n  algorithm: sliding_window\n"));
        admin = new AdminClient(fleet.get(0).port(), TestGateway.MASTER_KEY);
    }

    @AfterAll
    static void stop() {
        if (fleet != null) {
            fleet.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    private static String newKey(String limits) throws Exception {
        String key = admin.createKey(limits).get("key").asText();
        fleet.awaitKnownEverywhere(key);
        return key;
    }

    private static List<HttpResponse<String>> burst(String key, int maxTokens) {
        return fleet.all(
                CLIENTS,
                n -> fleet.chat(n % fleet.size(), key, FleetConfigs.ask("Tell me about limits " + n, maxTokens))
                        .build());
    }

    private static long count(List<HttpResponse<String>> answers, int status, String code) {
        return answers.stream()
                .filter(a -> a.statusCode() == status && (code == null || code.equals(errorCode(a))))
                .count();
    }

    private static String errorCode(HttpResponse<String> answer) {
        try {
            JsonNode body = JSON.readTree(answer.body());
            return body.path("error").path("code").asText();
        } catch (Exception e) {
            return "(not json)";
        }
    }

    @Test
    void anRpmLimitAdmitsExactlyItsLimitAcrossThreeInstances() throws Exception {
        String key = newKey("{\"rpm_limit\":50}");
        long before = FleetConfigs.calls(upstream);

        List<HttpResponse<String>> answers = burst(key, 5);

        long admitted = count(answers, 200, null);
        long refused = count(answers, 429, "rate_limit_exceeded:key:rpm");
        System.out.printf("fleet rpm: admitted=%d refused=%d of %d (limit 50)%n", admitted, refused, CLIENTS);
        assertThat(admitted).isEqualTo(50);
        assertThat(refused).isEqualTo(CLIENTS - 50);
        assertThat(FleetConfigs.calls(upstream) - before).isEqualTo(50);
    }

    @Test
    void aTokenLimitAdmitsNoMoreThanItsLimitAcrossThreeInstances() throws Exception {
        long limit = 3000;
        String key = newKey("{\"tpm_limit\":" + limit + "}");
        long before = FleetConfigs.calls(upstream);
        long start = System.nanoTime();

        List<HttpResponse<String>> answers = burst(key, 20);

        double seconds = (System.nanoTime() - start) / 1e9;
        long admitted = count(answers, 200, null);
        long refused = count(answers, 429, "rate_limit_exceeded:key:tpm");
        long tokens = admitted * (PROMPT_TOKENS + COMPLETION_TOKENS);
        System.out.printf(
                "fleet tpm: admitted=%d refused=%d tokens=%d limit=%d in %.2fs%n",
                admitted, refused, tokens, limit, seconds);
        assertThat(admitted + refused).isEqualTo(CLIENTS);
        assertThat(admitted).isPositive();
        assertThat(tokens).isLessThanOrEqualTo(limit);
        assertThat(FleetConfigs.calls(upstream) - before).isEqualTo(admitted);
    }

    @Test
    void aBudgetOvershootsByAtMostOneRequestsWorstCaseAcrossThreeInstances() throws Exception {
        int maxTokens = 20;
        String key = newKey("{\"max_budget\":1.00,\"budget_duration\":\"day\"}");
        long before = FleetConfigs.calls(upstream);

        List<HttpResponse<String>> answers = burst(key, maxTokens);

        long admitted = count(answers, 200, null);
        long refused = count(answers, 429, "budget_exceeded:key");
        double spent = admitted * (PROMPT_TOKENS + COMPLETION_TOKENS) * USD_PER_TOKEN;
        // One request's worst case: the input the upstream reports plus the whole output cap.
        double worstCase = (PROMPT_TOKENS + maxTokens) * USD_PER_TOKEN;
        System.out.printf(
                "fleet budget: admitted=%d refused=%d spent=$%.4f of $1.00 (bound $%.4f)%n",
                admitted, refused, spent, 1.00 + worstCase);
        assertThat(admitted + refused).isEqualTo(CLIENTS);
        assertThat(spent).isLessThanOrEqualTo(1.00 + worstCase);
        // Reservations count at their worst case while in flight, so a burst may stop a little short of the cap.
        assertThat(spent).isGreaterThan(0.5);
        assertThat(FleetConfigs.calls(upstream) - before).isEqualTo(admitted);
    }
}
