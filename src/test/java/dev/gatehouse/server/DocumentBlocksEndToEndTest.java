package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.json.Json;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Anthropic {@code document} blocks ("PDF support": a base64 or URL PDF; "Citations": a plain-text
 * source) on {@code /v1/messages}: an Anthropic deployment receives them as the client sent them,
 * other deployments the translation there is (a PDF as OpenAI's {@code file} part), and the
 * gateway's own input estimate counts each PDF page at 3,000 tokens, so limits and budgets reserve
 * for them. They used to be refused with a 400.
 */
class DocumentBlocksEndToEndTest {

    private static final String UPSTREAM_MODEL = "claude-sonnet-4-5-20250929";

    /** A two-page PDF: a page tree ({@code /Type /Pages}) and two page objects. */
    private static final String TWO_PAGE_PDF = Base64.getEncoder()
            .encodeToString(("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                            + "2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >> endobj\n"
                            + "3 0 obj << /Type /Page /Parent 2 0 R >> endobj\n"
                            + "4 0 obj <</Type/Page/Parent 2 0 R>> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
                    .getBytes(StandardCharsets.ISO_8859_1));

    private static FakeUpstream anthropic;
    private static FakeUpstream openai;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        anthropic = new FakeUpstream();
        openai = new FakeUpstream();
        String root = anthropic.baseUrl().substring(0, anthropic.baseUrl().length() - "/v1".length());
        gateway = TestGateway.start(TestGateway.SINGLE_ATTEMPT
                + "  health_check_interval: 0s\n"
                + """
                providers:
                  claude-main:
                    type: anthropic
                    base_url: %s
                    api_key: sk-ant-api03-documents-0000000001
                  openai-main:
                    type: openai
                    base_url: %s
                    api_key: sk-openai-documents-0000000001
                models:
                  - name: claude-docs
                    provider: claude-main
                    model: %s
                  - name: gpt-docs
                    provider: openai-main
                    model: gpt-4.1
                """.formatted(root, openai.baseUrl(), UPSTREAM_MODEL));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        anthropic.close();
        openai.close();
    }

    private static String request(String model, String documents) {
        return """
                {"model":"%s","max_tokens":1024,"messages":[{"role":"user","content":[%s
                  {"type":"text","text":"Summarize these documents."}]}]}""".formatted(model, documents);
    }

    private static String pdf() {
        return """
                {"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"%s"},
                 "title":"Q3 report","cache_control":{"type":"ephemeral"}},""".formatted(TWO_PAGE_PDF);
    }

    private static final String TEXT_DOCUMENT = """
            {"type":"document","source":{"type":"text","media_type":"text/plain","data":"The grass is green."},
             "title":"Facts","citations":{"enabled":true}},""";

    private static final String URL_DOCUMENT = """
            {"type":"document","source":{"type":"url","url":"https://example.com/annual-report.pdf"}},""";

    @Test
    void anAnthropicDeploymentReceivesTheDocumentsAsSent() throws Exception {
        anthropic.then(FakeUpstream.json(200, Fixtures.text("anthropic/message-hello.json")));
        String body = request("claude-docs", pdf() + TEXT_DOCUMENT + URL_DOCUMENT);
        HttpResponse<String> response = post("/messages", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(anthropic.lastReceived().rawBody().toString(StandardCharsets.UTF_8))
                .isEqualTo(body.replace("\"model\":\"claude-docs\"", "\"model\":\"" + UPSTREAM_MODEL + "\""));
    }

    @Test
    void anOpenAiDeploymentReceivesAPdfAsAFilePart() throws Exception {
        openai.then(FakeUpstream.json(200, Fixtures.text("openai/chat-hello.json")));
        HttpResponse<String> response = post("/messages", request("gpt-docs", pdf() + TEXT_DOCUMENT));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode content = openai.lastReceived().body().path("messages").path(0).path("content");
        assertThat(content.path(0)).isEqualTo(Json.parse("""
                {"type":"file","file":{"filename":"Q3 report","file_data":"data:application/pdf;base64,%s"}}""".formatted(TWO_PAGE_PDF)));
        assertThat(content.path(1))
                .isEqualTo(Json.parse("{\"type\":\"text\",\"text\":\"Facts\\n\\nThe grass is green.\"}"));
    }

    @Test
    void theInputEstimateCountsThreeThousandTokensAPdfPage() throws Exception {
        long without = inputTokens(request("claude-docs", ""));
        // Two page objects, 3,000 tokens each ("PDF support": 1,500 to 3,000 text tokens a page).
        assertThat(inputTokens(request("claude-docs", pdf())) - without).isEqualTo(6000);
        // A PDF the gateway cannot see (by URL) counts as one page.
        assertThat(inputTokens(request("claude-docs", URL_DOCUMENT)) - without).isEqualTo(3000);
        // A text document is counted as its text: more than nothing, far less than a page.
        assertThat(inputTokens(request("claude-docs", TEXT_DOCUMENT)) - without).isBetween(1L, 20L);
    }

    private static long inputTokens(String body) throws Exception {
        HttpResponse<String> response = post("/messages/count_tokens", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.parse(response.body()).path("input_tokens").asLong();
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                .header("x-api-key", TestGateway.MASTER_KEY)
                .header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }
}
