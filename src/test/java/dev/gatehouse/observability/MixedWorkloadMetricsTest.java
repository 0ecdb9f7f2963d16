package dev.gatehouse.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One gateway, one mixed workload (JSON answers, a stream, a 400, a cache hit, a rate-limit and a
 * budget refusal, a fallback after a failing deployment whose breaker opens), then {@code /metrics}
 * checked for every family with its label set; the Grafana dashboard and the Prometheus rules in
 * {@code deploy/} may only name metrics that scrape exposes, so they cannot rot.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MixedWorkloadMetricsTest {

    private static final Path DASHBOARD = Path.of("deploy/grafana/gatehouse-dashboard.json");
    private static final Path RULES = Path.of("deploy/prometheus/gatehouse-rules.yml");
    private static final Pattern METRIC = Pattern.compile("\\b((?:gatehouse|jvm|process|system|gen_ai)_[a-z0-9_]+)\\b");

    private FakeUpstream failing;
    private FakeUpstream slow;
    private TestGateway gateway;
    private PrometheusText scrape;

    @BeforeAll
    void runTheWorkload() throws Exception {
        failing = new FakeUpstream().always(FakeUpstream.json(500, Fixtures.text("openai/error-server.json")));
        slow = new FakeUpstream()
                .always(FakeUpstream.sse(
                        Fixtures.sseData("openai/chat-stream-usage.sse"),
                        Duration.ofMillis(1),
                        FakeUpstream.After.HANG));
        gateway = TestGateway.start("""
                cache:
                  mode: exact
                  ttl: 1h
                router:
                  retries: 0
                  circuit_breaker:
                    consecutive_failures: 1
                    cooldown: 1h
                providers:
                  m:
                    type: mock
                  failing:
                    type: openai
                    base_url: %s
                    api_key: sk-upstream-failing-00000001
                  slow:
                    type: openai
                    base_url: %s
                    api_key: sk-upstream-slow-0000000001
                models:
                  - name: gpt-4o-mini
                    provider: m
                  - name: flaky
                    cache:
                      mode: off
                    deployments:
                      - provider: failing
                        model: f-1
                      - provider: m
                        model: gpt-4o-mini
                  - name: hanging
                    provider: slow
                """.formatted(failing.baseUrl(), slow.baseUrl()));
        AdminClient admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
        admin.call("POST", "/admin/v1/teams", "{\"team_id\":\"blue\"}");
        String limited = admin.createKey("{\"team_id\":\"blue\",\"rpm_limit\":1}")
                .get("key")
                .asText();
        String broke = admin.createKey("{\"max_budget\":0.0000001}").get("key").asText();
        String open = admin.createKey("{\"team_id\":\"blue\"}").get("key").asText();

        expect(chat(limited, "gpt-4o-mini", "one", false), 200);
        expect(chat(limited, "gpt-4o-mini", "two", false), 429);
        expect(chat(broke, "gpt-4o-mini", "three", false), 429);
        expect(chat(open, "gpt-4o-mini", "same", false), 200);
        expect(chat(open, "gpt-4o-mini", "same", false), 200);
        expect(chat(open, "gpt-4o-mini", "streamed", true), 200);
        expect(chat(open, "flaky", "fall back", false), 200);
        expect(post(open, "{\"model\":\"gpt-4o-mini\"}"), 400);
        scrape = PrometheusText.parse(scrapeText());
    }

    @AfterAll
    void stop() {
        gateway.close();
        failing.close();
        slow.close();
    }

    @Test
    void everyFamilyShowsTheWorkloadWithItsLabels() {
        PrometheusText m = scrape;
        assertThat(m.sum("gatehouse_requests_total", Map.of("status_class", "2xx")))
                .isEqualTo(5);
        assertThat(m.sum("gatehouse_requests_total", Map.of("status_class", "4xx")))
                .isEqualTo(3);
        assertThat(m.sum("gatehouse_requests_total", Map.of("cache", "exact"))).isEqualTo(1);
        assertThat(m.sum("gatehouse_limit_refusals_total", Map.of("kind", "rate", "scope", "key")))
                .isEqualTo(1);
        assertThat(m.sum("gatehouse_limit_refusals_total", Map.of("kind", "budget")))
                .isEqualTo(1);
        assertThat(m.values("gatehouse_tokens_total", "type")).contains("input", "output");
        assertThat(m.sum("gatehouse_fallbacks_total", Map.of("public_model", "flaky")))
                .isEqualTo(1);
        assertThat(m.sum("gatehouse_attempts_total", Map.of("public_model", "flaky")))
                .isEqualTo(2);
        assertThat(m.sum("gatehouse_cost_usd_total", Map.of("team_id", "blue"))).isPositive();
        assertThat(m.sum("gatehouse_time_to_first_token_seconds_count", Map.of()))
                .isGreaterThanOrEqualTo(3);

        // The failing deployment's breaker opened on its one failure; the mock's stays closed.
        assertThat(m.sum("gatehouse_circuit_breaker_state", Map.of("deployment", "failing/f-1")))
                .isEqualTo(2);
        assertThat(m.sum("gatehouse_circuit_breaker_state", Map.of("deployment", "m/gpt-4o-mini")))
                .isZero();
        assertThat(m.sum(
                        "gatehouse_circuit_breaker_transitions_total",
                        Map.of("deployment", "failing/f-1", "state", "open")))
                .isEqualTo(1);
        assertThat(m.values("gatehouse_circuit_breaker_transitions_total", "state"))
                .containsExactlyInAnyOrder("closed", "half_open", "open");
        assertThat(m.family("gatehouse_deployment_in_flight")).isNotEmpty();

        assertThat(m.family("gatehouse_requests_in_flight")).hasSize(1);
        assertThat(m.family("gatehouse_streams_in_flight")).hasSize(1);
        assertThat(m.family("gatehouse_usage_backlog_records")).hasSize(1);
        assertThat(m.family("gatehouse_usage_dead_letters_total")).hasSize(1);
        assertThat(m.family("gatehouse_usage_dropped_total")).hasSize(1);

        assertThat(m.sum("jvm_memory_used_bytes", Map.of("area", "heap"))).isPositive();
        assertThat(m.sum("jvm_threads_live_threads", Map.of())).isPositive();
        assertThat(m.sum("process_uptime_seconds", Map.of())).isPositive();
        assertThat(m.family("process_cpu_usage")).isNotEmpty();
        assertThat(m.values("gatehouse_event_loop_lag_seconds_count", "loop")).isNotEmpty();
        assertThat(m.values("gatehouse_event_loop_lag_seconds_bucket", "le")).contains("0.1", "+Inf");
    }

    @Test
    void countsARequestAndItsStreamInFlightUntilTheClientLeaves() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                .header("content-type", "application/json")
                .POST(
                        HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"hanging\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build();
        HttpResponse<InputStream> stream = gateway.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.body().read()).isNotNegative();

        PrometheusText during = PrometheusText.parse(scrapeText());
        assertThat(during.sum("gatehouse_streams_in_flight", Map.of())).isEqualTo(1);
        assertThat(during.sum("gatehouse_requests_in_flight", Map.of())).isEqualTo(1);
        assertThat(during.sum("gatehouse_deployment_in_flight", Map.of("deployment", "slow/hanging")))
                .isEqualTo(1);

        stream.body().close();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            PrometheusText after = PrometheusText.parse(scrapeText());
            assertThat(after.sum("gatehouse_streams_in_flight", Map.of())).isZero();
            assertThat(after.sum("gatehouse_requests_in_flight", Map.of())).isZero();
        });
    }

    @Test
    void theDashboardAndTheRulesNameOnlyMetricsTheGatewayExposes() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asText());
            }
        }
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(RULES));
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                alerts.add(rule.path("alert").asText());
                expressions.add(rule.path("expr").asText());
            }
        }
        assertThat(alerts)
                .contains(
                        "GatehouseErrorRateSpike",
                        "GatehouseLatencyP95High",
                        "GatehouseCircuitBreakerOpen",
                        "GatehouseBudgetRefusals",
                        "GatehouseUsageBacklog",
                        "GatehouseEventLoopLag");

        Set<String> referenced = new TreeSet<>();
        for (String expr : expressions) {
            // Label matchers and grouping clauses name labels, not metrics.
            String metricsOnly = expr.replaceAll("\\{[^}]*}", "").replaceAll("(by|without)\\s*\\([^)]*\\)", "");
            Matcher matcher = METRIC.matcher(metricsOnly);
            while (matcher.find()) {
                referenced.add(matcher.group(1));
            }
        }
        Set<String> exposed = new TreeSet<>();
        scrape.samples().forEach(s -> exposed.add(s.name()));
        assertThat(referenced).hasSizeGreaterThan(15);
        assertThat(exposed).containsAll(referenced);
    }

    private String scrapeText() throws Exception {
        HttpResponse<String> response =
                gateway.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/metrics"))
                        .GET()
                        .build());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> chat(String key, String model, String question, boolean stream) throws Exception {
        return post(
                key,
                "{\"model\":\"" + model + "\",\"max_tokens\":50,\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}]}");
    }

    private HttpResponse<String> post(String key, String body) throws Exception {
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static void expect(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    }
}
