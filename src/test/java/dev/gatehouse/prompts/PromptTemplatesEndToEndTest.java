package dev.gatehouse.prompts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.core.JsonValue;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponsePrompt;
import dev.gatehouse.admin.AdminClient;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Prompt templates through the real server with the official OpenAI SDK: rendering, strict variables,
 * labels moved through the admin API, an A/B split within its binomial bounds, and the usage report
 * by template version.
 */
class PromptTemplatesEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static FakeUpstream upstream;
    private static TestGateway gateway;
    private static AdminClient admin;

    @BeforeAll
    static void start() {
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
                prompts:
                  - id: greet
                    versions:
                      - version: 1
                        model: gpt-4.1-mini
                        params: {temperature: 0.2}
                        messages:
                          - {role: system, content: "You greet people from {{city}}."}
                          - {role: user, content: "Greet {{name}}."}
                        variables:
                          type: object
                          properties:
                            city: {type: string}
                            name: {type: string, maxLength: 40}
                    labels:
                      production: 1
                """.formatted(upstream.baseUrl()));
        admin = new AdminClient(gateway.port(), TestGateway.MASTER_KEY);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        upstream.close();
    }

    private static JsonValue prompt(String id, Map<String, Object> variables) {
        return JsonValue.from(Map.of("id", id, "variables", variables));
    }

    private static HttpResponse<String> chat(String body) throws Exception {
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private static JsonNode error(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).path("error");
    }

    @Test
    void rendersTheTemplateBeforeTheCallersMessagesWithTheRequestsOwnFieldsWinning() {
        gateway.client()
                .chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-4.1")
                        .addUserMessage("Keep it short.")
                        .putAdditionalBodyProperty("prompt", prompt("greet", Map.of("city", "Oslo", "name", "Ana")))
                        .build());

        JsonNode sent = upstream.lastReceived().body();
        assertThat(sent.has("prompt")).isFalse();
        assertThat(sent.path("model").asText()).isEqualTo("gpt-4.1");
        assertThat(sent.path("temperature").asDouble()).isEqualTo(0.2);
        JsonNode messages = sent.path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asText()).isEqualTo("You greet people from Oslo.");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("Greet Ana.");
        assertThat(messages.get(2).path("content").asText()).isEqualTo("Keep it short.");
    }

    @Test
    void theTemplatesModelServesARequestThatNamesNone() throws Exception {
        HttpResponse<String> response = chat(
                "{\"prompt\":{\"id\":\"greet\",\"version\":1,\"variables\":{\"city\":\"Oslo\",\"name\":\"Ana\"}}}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gatehouse-prompt")).hasValue("greet@1");
        assertThat(response.headers().firstValue("x-gatehouse-model")).hasValue("gpt-4.1-mini");
    }

    @Test
    void aValueHoldingTemplateSyntaxStaysLiteral() {
        gateway.client()
                .chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-4.1")
                        .messages(List.of())
                        .putAdditionalBodyProperty(
                                "prompt", prompt("greet", Map.of("city", "Oslo", "name", "{{city}} \\{{x}}")))
                        .build());
        assertThat(upstream.lastReceived()
                        .body()
                        .path("messages")
                        .get(1)
                        .path("content")
                        .asText())
                .isEqualTo("Greet {{city}} \\{{x}}.");
    }

    @Test
    void missingExtraAndInvalidVariablesAre400sNamingThem() throws Exception {
        JsonNode missing =
                error(chat("{\"model\":\"gpt-4.1\",\"prompt\":{\"id\":\"greet\",\"variables\":{\"city\":\"Oslo\"}}}"));
        assertThat(missing.path("param").asText()).isEqualTo("prompt.variables.name");
        assertThat(missing.path("code").asText()).isEqualTo("missing_variable");

        HttpResponse<String> extra = chat("{\"model\":\"gpt-4.1\",\"prompt\":{\"id\":\"greet\",\"variables\":"
                + "{\"city\":\"Oslo\",\"name\":\"Ana\",\"mood\":\"glad\"}}}");
        assertThat(extra.statusCode()).isEqualTo(400);
        assertThat(error(extra).path("param").asText()).isEqualTo("prompt.variables.mood");
        assertThat(error(extra).path("code").asText()).isEqualTo("unknown_variable");

        JsonNode invalid = error(chat("{\"model\":\"gpt-4.1\",\"prompt\":{\"id\":\"greet\",\"variables\":"
                + "{\"city\":\"Oslo\",\"name\":5}}}"));
        assertThat(invalid.path("param").asText()).isEqualTo("prompt.variables.name");
        assertThat(invalid.path("code").asText()).isEqualTo("invalid_variable");

        HttpResponse<String> header =
                gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                        .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                        .header("content-type", "application/json")
                        .header("x-gateway-options", "{\"prompt\":{\"id\":\"greet\",\"variables\":{\"name\":\"Ana\"}}}")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4.1\",\"messages\":[]}"))
                        .build());
        assertThat(header.statusCode()).isEqualTo(400);
        assertThat(error(header).path("param").asText()).isEqualTo("x-gateway-options.prompt.variables.city");
        assertThat(upstream.received().stream().filter(r -> r.body().toString().contains("\"mood\"")))
                .isEmpty();
    }

    @Test
    void anUnknownTemplateIs404AndTheConfigsTemplatesAreNotWritable() throws Exception {
        HttpResponse<String> response = chat("{\"model\":\"gpt-4.1\",\"prompt\":{\"id\":\"nobody\"}}");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(error(response).path("param").asText()).isEqualTo("prompt.id");
        assertThat(admin.call(
                                "POST",
                                "/admin/v1/prompts/greet/versions",
                                "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                        .status())
                .isEqualTo(409);
    }

    @Test
    void aSyntaxErrorIsReportedAtCreationWithItsPosition() throws Exception {
        AdminClient.Answer answer = admin.call(
                "POST",
                "/admin/v1/prompts",
                "{\"id\":\"broken\",\"version\":{\"messages\":[{\"role\":\"user\",\"content\":\"Hi {{name\"}]}}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("error").path("param").asText()).isEqualTo("version.messages[0].content");
        assertThat(answer.body().path("error").path("message").asText()).contains("at character 4");
    }

    @Test
    void aMovedLabelServesTheNewVersionAndVersionsAreImmutable() throws Exception {
        assertThat(admin.call("POST", "/admin/v1/prompts", """
                        {"id":"moving","version":{"messages":[{"role":"user","content":"v1 {{x}}"}]},
                         "labels":{"production":1}}""").status()).isEqualTo(201);
        assertThat(admin.call(
                                "POST",
                                "/admin/v1/prompts/moving/versions",
                                "{\"messages\":[{\"role\":\"user\",\"content\":\"v2 {{x}}\"}]}")
                        .status())
                .isEqualTo(201);
        assertThat(renderedText("moving", null)).isEqualTo("v1 a");

        assertThat(admin.call("PUT", "/admin/v1/prompts/moving/labels/production", "{\"version\":2}")
                        .status())
                .isEqualTo(200);
        assertThat(renderedText("moving", null)).isEqualTo("v2 a");
        assertThat(admin.call("PUT", "/admin/v1/prompts/moving/versions/1", "{\"messages\":[]}")
                        .status())
                .isEqualTo(409);
        assertThat(admin.call("GET", "/admin/v1/prompts/moving", null)
                        .body()
                        .path("labels")
                        .path("production")
                        .path("version")
                        .asInt())
                .isEqualTo(2);
    }

    private static String renderedText(String id, String user) throws Exception {
        String userField = user == null ? "" : ",\"user\":\"" + user + "\"";
        HttpResponse<String> response = chat("{\"model\":\"gpt-4.1\"" + userField + ",\"prompt\":{\"id\":\"" + id
                + "\",\"variables\":{\"x\":\"a\"}}}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return upstream.lastReceived()
                .body()
                .path("messages")
                .get(0)
                .path("content")
                .asText();
    }

    @Test
    void aSplitLabelSendsTrafficByWeightAndTheUsageReportGroupsByVersion() throws Exception {
        admin.call("POST", "/admin/v1/prompts", """
                {"id":"ab","version":{"messages":[{"role":"user","content":"A {{x}}"}]}}""");
        admin.call(
                "POST",
                "/admin/v1/prompts/ab/versions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"B {{x}}\"}]}");
        assertThat(admin.call(
                                "PUT",
                                "/admin/v1/prompts/ab/labels/production",
                                "{\"versions\":[{\"version\":1,\"weight\":90},{\"version\":2,\"weight\":10}]}")
                        .status())
                .isEqualTo(200);

        int n = 2000;
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> response =
                    chat("{\"model\":\"gpt-4.1\",\"prompt\":{\"id\":\"ab\",\"variables\":{\"x\":\"a\"}}}");
            seen.merge(response.headers().firstValue("x-gatehouse-prompt").orElseThrow(), 1, Integer::sum);
        }
        // Binomial(2000, 0.1): mean 200, sigma 13.4; 4 sigma either side.
        double sigma = Math.sqrt(n * 0.1 * 0.9);
        assertThat(seen.getOrDefault("ab@2", 0)).isBetween((int) (200 - 4 * sigma), (int) (200 + 4 * sigma));
        assertThat(seen.get("ab@1") + seen.get("ab@2")).isEqualTo(n);

        gateway.server().usage().writer().flushed().get(10, TimeUnit.SECONDS);
        JsonNode rows = admin.call(
                        "GET", "/admin/v1/usage?prompt_id=ab&group_by=prompt_id,prompt_version,prompt_arm", null)
                .body()
                .path("data");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).path("prompt_version").asText()).isEqualTo("1");
        assertThat(rows.get(0).path("prompt_arm").asText()).isEqualTo("production");
        assertThat(rows.get(0).path("requests").asInt()).isEqualTo(seen.get("ab@1"));
        assertThat(rows.get(1).path("prompt_version").asText()).isEqualTo("2");
        assertThat(rows.get(1).path("requests").asInt()).isEqualTo(seen.get("ab@2"));
    }

    @Test
    void aUserStaysOnOneArm() throws Exception {
        admin.call("POST", "/admin/v1/prompts", """
                {"id":"sticky","version":{"messages":[{"role":"user","content":"A {{x}}"}]}}""");
        admin.call(
                "POST",
                "/admin/v1/prompts/sticky/versions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"B {{x}}\"}]}");
        admin.call(
                "PUT",
                "/admin/v1/prompts/sticky/labels/production",
                "{\"versions\":[{\"version\":1,\"weight\":50},{\"version\":2,\"weight\":50}]}");
        for (String user : List.of("ana", "bo", "cy", "di")) {
            String first = renderedText("sticky", user);
            for (int i = 0; i < 10; i++) {
                assertThat(renderedText("sticky", user)).isEqualTo(first);
            }
        }
    }

    @Test
    void theResponsesApiTakesTheSdksOwnPromptField() {
        // An OpenAI deployment gets the Responses body itself, as rendered (provider.openai.OpenAiResponsesNative).
        upstream.onPath("/v1/responses", FakeUpstream.json(200, Fixtures.text("openai/response-hello.json")));
        gateway.client()
                .responses()
                .create(ResponseCreateParams.builder()
                        .model("gpt-4.1")
                        .input("And be brief.")
                        .prompt(ResponsePrompt.builder()
                                .id("greet")
                                .version("1")
                                .variables(ResponsePrompt.Variables.builder()
                                        .putAdditionalProperty("city", JsonValue.from("Oslo"))
                                        .putAdditionalProperty("name", JsonValue.from("Ana"))
                                        .build())
                                .build())
                        .build());
        JsonNode sent = upstream.received("/v1/responses").get(0).body();
        assertThat(sent.has("prompt")).isFalse();
        JsonNode input = sent.path("input");
        assertThat(input.get(0).path("role").asText()).isEqualTo("system");
        assertThat(input.get(0).path("content").asText()).isEqualTo("You greet people from Oslo.");
        assertThat(input.get(1).path("content").asText()).isEqualTo("Greet Ana.");
        assertThat(input.get(2).path("content").asText()).isEqualTo("And be brief.");
    }
}
