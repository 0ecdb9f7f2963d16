package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The statuses a client sees for an upstream outage and for a refused upstream credential, on both
 * client APIs, with provider mocks answering the providers' documented error bodies: an outage is
 * 503 (529 overloaded_error on {@code /v1/messages}) whatever status the provider used, and a
 * refused provider key is the gateway's own 502 {@code upstream_auth_error} that never quotes the
 * provider's message about its key.
 */
class UpstreamErrorStatusEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static FakeUpstream anthropic;
    private static FakeUpstream openai;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        anthropic = new FakeUpstream();
        openai = new FakeUpstream();
        String anthropicRoot =
                anthropic.baseUrl().substring(0, anthropic.baseUrl().length() - "/v1".length());
        gateway = TestGateway.start(TestGateway.SINGLE_ATTEMPT + """
                  health_check_interval: 0s
                providers:
                  claude-main:
                    type: anthropic
                    base_url: %s
                    api_key: sk-ant-api03-upstream-secret-01
                  openai-main:
                    type: openai
                    base_url: %s
                    api_key: sk-upstream-secret-0000000001
                models:
                  - name: claude
                    provider: claude-main
                    model: claude-sonnet-4-20250514
                  - name: gpt
                    provider: openai-main
                    model: gpt-4o-mini
                """.formatted(anthropicRoot, openai.baseUrl()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        anthropic.close();
        openai.close();
    }

    @ParameterizedTest(name = "{0} answers {1} {2}: {3} client gets {4} {5}")
    @CsvSource({
        // An outage: another try (here or elsewhere) may succeed.
        "claude, 502, anthropic/error-server.json,     chat,     503, server_error,     upstream_unavailable",
        "claude, 503, anthropic/error-server.json,     chat,     503, server_error,     upstream_unavailable",
        "claude, 529, anthropic/error-overloaded.json, chat,     503, server_error,     upstream_unavailable",
        "claude, 502, anthropic/error-server.json,     messages, 529, overloaded_error, ",
        "claude, 503, anthropic/error-server.json,     messages, 529, overloaded_error, ",
        "claude, 529, anthropic/error-overloaded.json, messages, 529, overloaded_error, ",
        "gpt,    502, openai/error-server.json,        chat,     503, server_error,     ",
        "gpt,    503, openai/error-overloaded.json,    chat,     503, server_error,     ",
        "gpt,    503, openai/error-overloaded.json,    messages, 529, overloaded_error, ",
        // The provider refused the gateway's own key: not the client's fault, not the client's business.
        "claude, 401, anthropic/error-auth.json,       chat,     502, server_error,     upstream_auth_error",
        "claude, 403, anthropic/error-permission.json, chat,     502, server_error,     upstream_auth_error",
        "claude, 401, anthropic/error-auth.json,       messages, 502, api_error,        ",
        "claude, 403, anthropic/error-permission.json, messages, 502, api_error,        ",
        "gpt,    401, openai/error-auth.json,          chat,     502, server_error,     upstream_auth_error",
        "gpt,    401, openai/error-auth.json,          messages, 502, api_error,        ",
    })
    void reportsUpstreamStatusesInTheClientsTerms(
            String model, int upstreamStatus, String fixture, String api, int status, String type, String code)
            throws Exception {
        FakeUpstream upstream = model.equals("claude") ? anthropic : openai;
        String upstreamBody = Fixtures.text(fixture);
        upstream.then(FakeUpstream.json(upstreamStatus, upstreamBody));

        HttpResponse<String> response = api.equals("chat")
                ? gateway.post(
                        "/v1/chat/completions",
                        "application/json",
                        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                : gateway.post(
                        "/v1/messages",
                        "application/json",
                        "{\"model\":\"" + model
                                + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        JsonNode error = body.path("error");
        if (api.equals("messages")) {
            assertThat(body.path("type").asText()).isEqualTo("error");
        } else {
            assertThat(error.path("code").isNull() ? null : error.path("code").asText())
                    .isEqualTo(code);
        }
        assertThat(error.path("type").asText()).isEqualTo(type);
        if (upstreamStatus == 401 || upstreamStatus == 403) {
            String providerMessage =
                    JSON.readTree(upstreamBody).path("error").path("message").asText();
            String provider = model.equals("claude") ? "claude-main" : "openai-main";
            assertThat(error.path("message").asText())
                    .contains("'" + provider + "'")
                    .doesNotContain(providerMessage)
                    .doesNotContain("sk-");
        }
        if (status == 503 || status == 529) {
            assertThat(response.headers().firstValue("retry-after")).isPresent();
        }
    }
}
