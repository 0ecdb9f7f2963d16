package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gatehouse.metering.UsageRecord;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.FakeUpstream.After;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pass-through fidelity for agent clients (issue #9): what a provider bills or verifies on reaches
 * it unchanged when client and provider speak the same dialect, and is translated where a
 * translation exists. The conformance cases send what Claude Code sends (a long system prompt with
 * {@code cache_control} up to a one-hour TTL, cached tools, multi-turn tool use with signed
 * {@code thinking} and {@code redacted_thinking} blocks) through {@code /v1/messages} to an
 * Anthropic upstream, and compare the bytes on both sides.
 */
class PassThroughFidelityEndToEndTest {

    private static final String UPSTREAM_MODEL = "claude-sonnet-4-5-20250929";
    private static final String PROVIDER_KEY = "sk-ant-api03-passthrough-0000000001";
    private static final String CONFIGURED_BETA = "fine-grained-tool-streaming-2025-05-14";
    private static final String CLIENT_BETA = "interleaved-thinking-2025-05-14,extended-cache-ttl-2025-04-11";

    /** About 25k characters of system prompt, with JSON escapes a re-serialization would rewrite. */
    private static final String LONG_SYSTEM_PROMPT =
            ("# Tone and style\\nBe concise: fewer than 4 lines unless asked. Paths use \\/ as in src\\/main; "
                            + "na\\u00efve quoting breaks \\\"tools\\\".\\n")
                    .repeat(250);

    private static FakeUpstream anthropic;
    private static FakeUpstream openai;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        anthropic = new FakeUpstream();
        openai = new FakeUpstream();
        String root = anthropic.baseUrl().substring(0, anthropic.baseUrl().length() - "/v1".length());
        // No health probes: they would take the upstreams' scripted answers.
        gateway = TestGateway.start(TestGateway.SINGLE_ATTEMPT
                + "  health_check_interval: 0s\n"
                + """
                providers:
                  claude-main:
                    type: anthropic
                    base_url: %s
                    api_key: %s
                    headers:
                      anthropic-beta: %s
                  openai-main:
                    type: openai
                    base_url: %s
                    api_key: sk-openai-passthrough-0000000001
                models:
                  - name: claude-agent
                    provider: claude-main
                    model: %s
                  - name: claude-or-gpt
                    strategy: fallback
                    deployments:
                      - provider: claude-main
                        model: %s
                      - provider: openai-main
                        model: gpt-4.1
                  - name: gpt-agent
                    provider: openai-main
                    model: gpt-5-mini
                """.formatted(root, PROVIDER_KEY, CONFIGURED_BETA, openai.baseUrl(), UPSTREAM_MODEL, UPSTREAM_MODEL));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        anthropic.close();
        openai.close();
    }

    private static String agentRequest(boolean stream) {
        return Fixtures.text("anthropic/agent-request.json")
                .replace("@@LONG_SYSTEM_PROMPT@@", LONG_SYSTEM_PROMPT)
                .replace("\"stream\": false", "\"stream\": " + stream);
    }

    /** The client's body with the public model name replaced by the deployment's, every other byte kept. */
    private static String asUpstreamShouldSeeIt(String body) {
        assertThat(body).containsOnlyOnce("\"model\": \"claude-agent\"");
        return body.replace("\"model\": \"claude-agent\"", "\"model\": \"" + UPSTREAM_MODEL + "\"");
    }

    private static HttpResponse<String> postMessages(String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gateway.port() + "/v1/messages"))
                .header("x-api-key", TestGateway.MASTER_KEY)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return gateway.send(request.build());
    }

    private static UsageRecord usageOf(HttpResponse<String> response) {
        String id = response.headers().firstValue("x-request-id").orElseThrow();
        return await("usage record of " + id)
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> {
                            gateway.server().usage().writer().flushed().get(10, TimeUnit.SECONDS);
                            return gateway.server().usage().store().find(id);
                        },
                        Objects::nonNull);
    }

    private static AnthropicClient anthropicSdk() {
        return AnthropicOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + gateway.port())
                .apiKey(TestGateway.MASTER_KEY)
                .maxRetries(0)
                .build();
    }

    @Test
    void sendsAnAgentsRequestToAnthropicByteForByteAndRelaysTheAnswerUnchanged() throws Exception {
        String answer = Fixtures.text("anthropic/message-thinking-tool.json");
        anthropic.then(FakeUpstream.json(200, answer));
        String body = agentRequest(false);

        HttpResponse<String> response =
                postMessages(body, Map.of("anthropic-version", "2023-06-01", "anthropic-beta", CLIENT_BETA));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(answer);
        FakeUpstream.Received received = anthropic.lastReceived();
        assertThat(received.path()).isEqualTo("/v1/messages");
        assertThat(received.rawBody().toString(StandardCharsets.UTF_8)).isEqualTo(asUpstreamShouldSeeIt(body));
        assertThat(received.headers())
                .containsEntry("x-api-key", PROVIDER_KEY)
                .containsEntry("anthropic-version", "2023-06-01")
                .containsEntry("anthropic-beta", CONFIGURED_BETA + "," + CLIENT_BETA);
        // Metering still reads the answer: 12 uncached + 20480 cache reads + 310 cache writes.
        UsageRecord usage = usageOf(response);
        assertThat(usage.inputTokens()).isEqualTo(12 + 20480 + 310);
        assertThat(usage.cachedTokens()).isEqualTo(20480);
        assertThat(usage.cacheWriteTokens()).isEqualTo(310);
        assertThat(usage.outputTokens()).isEqualTo(96);
        assertThat(usage.estimated()).isFalse();
    }

    @Test
    void streamsAnthropicsOwnEventsToTheClientUnchanged() throws Exception {
        String events = Fixtures.text("anthropic/message-thinking-tool-stream.sse");
        anthropic.then(new FakeUpstream.Frames(
                "text/event-stream",
                FakeUpstream.sseEvents("anthropic/message-thinking-tool-stream.sse"),
                Duration.ZERO,
                After.END));
        String body = agentRequest(true);

        HttpResponse<String> response =
                postMessages(body, Map.of("anthropic-version", "2023-06-01", "anthropic-beta", CLIENT_BETA));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(response.body()).isEqualTo(events);
        assertThat(anthropic.lastReceived().rawBody().toString(StandardCharsets.UTF_8))
                .isEqualTo(asUpstreamShouldSeeIt(body));
        assertThat(anthropic.lastReceived().headers()).containsEntry("accept", "text/event-stream");
        UsageRecord usage = usageOf(response);
        assertThat(usage.inputTokens()).isEqualTo(12 + 20480 + 310);
        assertThat(usage.cachedTokens()).isEqualTo(20480);
        assertThat(usage.outputTokens()).isEqualTo(96);
        assertThat(usage.estimated()).isFalse();
    }

    @Test
    void sendsTheGatewaysVersionAndConfiguredBetaWhenTheClientSendsNone() throws Exception {
        anthropic.then(FakeUpstream.json(200, Fixtures.text("anthropic/message-thinking-tool.json")));

        HttpResponse<String> response = postMessages(agentRequest(false), Map.of());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(anthropic.lastReceived().headers())
                .containsEntry("anthropic-version", "2023-06-01")
                .containsEntry("anthropic-beta", CONFIGURED_BETA);
    }

    /**
     * The official SDK as an agent uses it: the first answer (signed thinking, redacted thinking, a
     * tool call) goes back as the assistant turn of the next request, and must reach Anthropic with
     * its signature and data intact, or Anthropic refuses the conversation.
     */
    @Test
    void anAgentLoopWithTheSdkKeepsThinkingSignaturesAndCacheControl() throws Exception {
        anthropic.then(FakeUpstream.json(200, Fixtures.text("anthropic/message-thinking-tool.json")));
        CacheControlEphemeral hour = CacheControlEphemeral.builder()
                .ttl(CacheControlEphemeral.Ttl.TTL_1H)
                .build();
        MessageCreateParams.Builder ask = MessageCreateParams.builder()
                .model("claude-agent")
                .maxTokens(16000)
                .enabledThinking(4000)
                .systemOfTextBlockParams(List.of(TextBlockParam.builder()
                        .text("You are a coding agent.")
                        .cacheControl(hour)
                        .build()))
                .addTool(Tool.builder()
                        .name("Read")
                        .inputSchema(Tool.InputSchema.builder()
                                .putAdditionalProperty(
                                        "properties",
                                        com.anthropic.core.JsonValue.from(
                                                Map.of("file_path", Map.of("type", "string"))))
                                .build())
                        .cacheControl(CacheControlEphemeral.builder().build())
                        .build())
                .addUserMessage("Why does the build fail?");

        Message first = anthropicSdk().messages().create(ask.build());

        List<ContentBlock> blocks = first.content();
        assertThat(blocks).hasSize(4);
        assertThat(blocks.get(0).thinking().orElseThrow().signature()).startsWith("EuYBCkQYAiJAgCs1le6");
        assertThat(blocks.get(1).redactedThinking().orElseThrow().data()).startsWith("EmwKAhgBEgy3va3p");
        assertThat(blocks.get(3).toolUse().orElseThrow().name()).isEqualTo("Read");
        JsonNode sent = anthropic.lastReceived().body();
        assertThat(sent.path("system").path(0).path("cache_control").path("ttl").asText())
                .isEqualTo("1h");
        assertThat(sent.path("tools").path(0).path("cache_control").path("type").asText())
                .isEqualTo("ephemeral");
        assertThat(sent.path("thinking").path("budget_tokens").asInt()).isEqualTo(4000);

        anthropic.then(FakeUpstream.json(200, Fixtures.text("anthropic/message-hello.json")));
        Message second = anthropicSdk()
                .messages()
                .create(ask.addMessage(first)
                        .addUserMessageOfContentBlockParams(
                                List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                                        .toolUseId(blocks.get(3)
                                                .toolUse()
                                                .orElseThrow()
                                                .id())
                                        .content("<project/>")
                                        .cacheControl(
                                                CacheControlEphemeral.builder().build())
                                        .build())))
                        .build());

        assertThat(second.content()).isNotEmpty();
        JsonNode history = anthropic.lastReceived().body().path("messages");
        JsonNode echoed = history.path(1).path("content");
        JsonNode original = com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(Fixtures.text("anthropic/message-thinking-tool.json"))
                .path("content");
        assertThat(echoed.path(0).path("signature")).isEqualTo(original.path(0).path("signature"));
        assertThat(echoed.path(0).path("thinking")).isEqualTo(original.path(0).path("thinking"));
        assertThat(echoed.path(1)).isEqualTo(original.path(1));
        assertThat(history.path(2)
                        .path("content")
                        .path(0)
                        .path("cache_control")
                        .path("type")
                        .asText())
                .isEqualTo("ephemeral");
    }

    @Test
    void theSdkAccumulatesTheRelayedStreamWithThinkingAndSignature() {
        anthropic.then(new FakeUpstream.Frames(
                "text/event-stream",
                FakeUpstream.sseEvents("anthropic/message-thinking-tool-stream.sse"),
                Duration.ZERO,
                After.END));
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropicSdk()
                .messages()
                .createStreaming(MessageCreateParams.builder()
                        .model("claude-agent")
                        .maxTokens(16000)
                        .enabledThinking(4000)
                        .addUserMessage("Why does the build fail?")
                        .build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message message = accumulator.message();

        assertThat(message.model().asString()).isEqualTo(UPSTREAM_MODEL);
        assertThat(message.content()).hasSize(4);
        assertThat(message.content().get(0).thinking().orElseThrow().thinking())
                .isEqualTo("The compiler reads the file as US-ASCII; the encoding must be set to UTF-8.");
        assertThat(message.content().get(0).thinking().orElseThrow().signature())
                .startsWith("EuYBCkQYAiJAgCs1le6")
                .endsWith("aZQ==");
        assertThat(message.content().get(1).redactedThinking()).isPresent();
        assertThat(message.content().get(3).toolUse().orElseThrow()._input().toString())
                .contains("/repo/pom.xml");
        assertThat(message.usage().cacheReadInputTokens()).contains(20480L);
        assertThat(message.usage().outputTokens()).isEqualTo(96);
    }

    @Test
    void fallsBackToAnOpenAiDeploymentThroughTheTranslation() throws Exception {
        anthropic.then(FakeUpstream.json(529, Fixtures.text("anthropic/error-overloaded.json")));
        openai.then(FakeUpstream.json(200, Fixtures.text("openai/chat-completion.json")));
        String body = agentRequest(false).replace("\"model\": \"claude-agent\"", "\"model\": \"claude-or-gpt\"");

        HttpResponse<String> response = postMessages(body, Map.of("anthropic-version", "2023-06-01"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-gatehouse-fallback")).contains("true");
        JsonNode sent = openai.lastReceived().body();
        assertThat(sent.path("model").asText()).isEqualTo("gpt-4.1");
        assertThat(sent.path("messages").path(0).path("role").asText()).isEqualTo("system");
        assertThat(sent.toString()).doesNotContain("cache_control").doesNotContain("signature");
        JsonNode answer =
                com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(response.body());
        assertThat(answer.path("type").asText()).isEqualTo("message");
        assertThat(answer.path("content").path(0).path("type").asText()).isEqualTo("text");
    }

    /** OpenAI-style clients mark cache breakpoints on content parts, messages and tools; Anthropic must get them. */
    @Test
    void translatesCacheControlFromAnOpenAiRequestToAnthropic() throws Exception {
        anthropic.then(FakeUpstream.json(200, Fixtures.text("anthropic/message-hello.json")));
        String body = """
                {"model":"claude-agent","max_completion_tokens":100,
                 "messages":[
                   {"role":"system","content":[
                     {"type":"text","text":"You are a coding agent."},
                     {"type":"text","text":"Long project context.","cache_control":{"type":"ephemeral","ttl":"1h"}}]},
                   {"role":"user","content":"Read the build file.","cache_control":{"type":"ephemeral"}},
                   {"role":"assistant","content":[{"type":"text","text":"Reading it."}]},
                   {"role":"user","content":[
                     {"type":"text","text":"And now?","cache_control":{"type":"ephemeral","ttl":"5m"}}]}],
                 "tools":[{"type":"function","function":{"name":"Read","parameters":{"type":"object"}},
                           "cache_control":{"type":"ephemeral","ttl":"1h"}}]}""";

        HttpResponse<String> response =
                gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                        .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode sent = anthropic.lastReceived().body();
        assertThat(sent.path("system").toString())
                .isEqualTo("[{\"type\":\"text\",\"text\":\"You are a coding agent.\"},"
                        + "{\"type\":\"text\",\"text\":\"Long project context.\","
                        + "\"cache_control\":{\"type\":\"ephemeral\",\"ttl\":\"1h\"}}]");
        JsonNode messages = sent.path("messages");
        assertThat(messages.path(0)
                        .path("content")
                        .path(0)
                        .path("cache_control")
                        .toString())
                .isEqualTo("{\"type\":\"ephemeral\"}");
        assertThat(messages.path(1).path("content").path(0).has("cache_control"))
                .isFalse();
        assertThat(messages.path(2)
                        .path("content")
                        .path(0)
                        .path("cache_control")
                        .toString())
                .isEqualTo("{\"type\":\"ephemeral\",\"ttl\":\"5m\"}");
        assertThat(sent.path("tools").path(0).path("cache_control").toString())
                .isEqualTo("{\"type\":\"ephemeral\",\"ttl\":\"1h\"}");
    }

    @Test
    void sendsPromptCacheKeyAndReasoningEffortToOpenAiUnchanged() {
        openai.then(FakeUpstream.json(200, Fixtures.text("openai/chat-completion.json")));

        gateway.client()
                .chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-agent")
                        .addUserMessage("Plan the refactor.")
                        .promptCacheKey("agent-session-7f3a")
                        .reasoningEffort(ReasoningEffort.HIGH)
                        .build());

        JsonNode sent = openai.lastReceived().body();
        // The model is renamed, so the body is rewritten: the fields must survive that.
        assertThat(sent.path("model").asText()).isEqualTo("gpt-5-mini");
        assertThat(sent.path("prompt_cache_key").asText()).isEqualTo("agent-session-7f3a");
        assertThat(sent.path("reasoning_effort").asText()).isEqualTo("high");
    }
}
