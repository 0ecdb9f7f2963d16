package dev.gatehouse.metering;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /admin/v1/usage} over the records of real requests. */
class UsageReportEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_KEY = "sk-report-user-000000000000000001";
    private static FakeUpstream upstream;
    private static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        upstream = new FakeUpstream();
        upstream.always(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        gateway = TestGateway.start(TestGateway.SINGLE_ATTEMPT + """
                providers:
                  fake:
                    type: openai
                    base_url: %s
                models:
                  - name: gpt-4.1
                    provider: fake
                  - name: gpt-4.1-mini
                    provider: fake
                keys:
                  - id: app
                    key: %s
                """.formatted(upstream.baseUrl(), USER_KEY));
        chat(USER_KEY, "gpt-4.1", "search");
        chat(USER_KEY, "gpt-4.1", "search,eu");
        chat(TestGateway.MASTER_KEY, "gpt-4.1-mini", null);
        gateway.server().usage().writer().flushed().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    private static void chat(String key, String model, String tags) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));
        if (tags != null) {
            r.header("x-gatehouse-tags", tags);
        }
        assertThat(gateway.send(r.build()).statusCode()).isEqualTo(200);
    }

    private static HttpResponse<String> get(String query, String key, String accept) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/admin/v1/usage" + query))
                .header("authorization", "Bearer " + key);
        if (accept != null) {
            r.header("accept", accept);
        }
        return gateway.send(r.build());
    }

    @Test
    void chargesStoredKeysToTheirUserAndTeam() throws Exception {
        dev.gatehouse.admin.AdminClient admin =
                new dev.gatehouse.admin.AdminClient(gateway.port(), TestGateway.MASTER_KEY);
        assertThat(admin.call("POST", "/admin/v1/teams", "{\"team_id\":\"search\"}")
                        .status())
                .isEqualTo(201);
        assertThat(admin.call("POST", "/admin/v1/users", "{\"user_id\":\"ana\",\"team_id\":\"search\"}")
                        .status())
                .isEqualTo(201);
        String key = admin.createKey("{\"user_id\":\"ana\",\"team_id\":\"search\"}")
                .get("key")
                .asText();

        chat(key, "gpt-4.1-mini", null);
        gateway.server().usage().writer().flushed().get(10, TimeUnit.SECONDS);
        JsonNode rows = JSON.readTree(get("?team_id=search&group_by=team_id,user_id", TestGateway.MASTER_KEY, null)
                        .body())
                .path("data");

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).path("team_id").asText()).isEqualTo("search");
        assertThat(rows.get(0).path("user_id").asText()).isEqualTo("ana");
        assertThat(rows.get(0).path("requests").asInt()).isEqualTo(1);
    }

    @Test
    void groupsByKeyAndModelPerDay() throws Exception {
        HttpResponse<String> response = get("?group_by=key_id,model&bucket=day", TestGateway.MASTER_KEY, null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode data = JSON.readTree(response.body()).path("data");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(data).hasSize(2);
        JsonNode app = data.get(0);
        assertThat(app.path("bucket").asText()).isEqualTo(today);
        assertThat(app.path("key_id").asText()).isEqualTo("app");
        assertThat(app.path("model").asText()).isEqualTo("gpt-4.1");
        assertThat(app.path("requests").asLong()).isEqualTo(2);
        assertThat(app.path("input_tokens").asLong()).isEqualTo(24);
        assertThat(app.path("output_tokens").asLong()).isEqualTo(18);
        assertThat(app.path("cached_tokens").asLong()).isZero();
        // gpt-4.1: 2.00 in, 8.00 out per million; 2 × (12 × 2 + 9 × 8) / 1e6.
        assertThat(app.path("cost_usd").decimalValue()).isEqualByComparingTo("0.000192");
        assertThat(data.get(1).path("key_id").asText()).isEqualTo("master");
    }

    @Test
    void filtersByTagAndExportsCsv() throws Exception {
        HttpResponse<String> csv = get("?tag=search&group_by=tag,model&format=csv", TestGateway.MASTER_KEY, null);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("content-type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body())
                .isEqualTo(
                        "tag,model,requests,input_tokens,cached_tokens,cache_write_tokens,output_tokens,reasoning_tokens,"
                                + "cost_usd,unpriced_requests,saved_usd\r\n"
                                + "search,gpt-4.1,2,24,0,0,18,0,0.000192,0,0\r\n");

        HttpResponse<String> byAccept = get("?tag=eu", TestGateway.MASTER_KEY, "text/csv");
        assertThat(byAccept.body()).endsWith("\r\n1,12,0,0,9,0,0.000096,0,0\r\n");
    }

    @Test
    void needsAnAdminKeyAndValidParameters() throws Exception {
        assertThat(get("", USER_KEY, null).statusCode()).isEqualTo(403);
        assertThat(get("", "sk-nobody", null).statusCode()).isEqualTo(401);
        HttpResponse<String> bad = get("?group_by=colour", TestGateway.MASTER_KEY, null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("colour");
        assertThat(get("?bucket=week", TestGateway.MASTER_KEY, null).statusCode())
                .isEqualTo(400);
        assertThat(get("?from=yesterday", TestGateway.MASTER_KEY, null).statusCode())
                .isEqualTo(400);
    }
}
