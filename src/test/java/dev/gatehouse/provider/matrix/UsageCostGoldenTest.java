package dev.gatehouse.provider.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.json.Json;
import dev.gatehouse.metering.UsageRecord;
import dev.gatehouse.provider.bedrock.BedrockFixtures;
import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.FakeUpstream.After;
import dev.gatehouse.testing.Fixtures;
import dev.gatehouse.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Golden costs per provider format, end to end: each dialect's wire fixtures go through the real
 * gateway, and the usage record stored for the request must carry the provider's token counts and
 * the cost those counts come to at list price (cached input at its own rate, never also as input).
 * A streamed request costs exactly what the same request costs as JSON.
 */
class UsageCostGoldenTest {

    private static final String MODEL = "matrix-model";
    private static final String CHAT_PATH = "/chat/completions";
    private static final List<AutoCloseable> OPEN = new ArrayList<>();
    private static final String CHAT = """
            {"model":"matrix-model","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello"}],
             "max_completion_tokens":100%s}""";
    private static final String TOOLS = """
            {"model":"matrix-model","messages":[{"role":"user","content":"What's the weather in Boston?"}],
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Get the current weather in a city",
               "parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}]%s}""";
    private static final String STREAM = ",\"stream\":true,\"stream_options\":{\"include_usage\":true}";

    @AfterAll
    static void closeAll() throws Exception {
        for (AutoCloseable c : OPEN) {
            c.close();
        }
    }

    /** A cost of {@code in} full-price input, {@code cached} cache reads, {@code write} cache writes and {@code out} output. */
    private static double usd(
            long in,
            double inPrice,
            long cached,
            double cachedPrice,
            long write,
            double writePrice,
            long out,
            double outPrice) {
        return (in * inPrice + cached * cachedPrice + write * writePrice + out * outPrice) / 1_000_000.0;
    }

    @Test
    void openAi() throws Exception {
        Harness h = new Harness(new OpenAiDialect());
        // gpt-4.1: input 2.00, cached input 0.50, output 8.00 per million.
        double hello = usd(12, 2.00, 0, 0, 0, 0, 9, 8.00);
        h.expect(Scenario.SIMPLE_CHAT, CHAT.formatted(""), 12, 0, 0, 9, hello);
        h.expect(Scenario.STREAMING, CHAT.formatted(STREAM), 12, 0, 0, 9, hello);
        double tool = usd(82, 2.00, 0, 0, 0, 0, 17, 8.00);
        h.expect(Scenario.TOOLS, TOOLS.formatted(""), 82, 0, 0, 17, tool);
        h.expect(Scenario.STREAMED_TOOLS, TOOLS.formatted(STREAM), 82, 0, 0, 17, tool);
        // 2006 prompt tokens of which 1920 cached: 86 at 2.00 and 1920 at 0.50, never 2006 at 2.00 as well.
        double cached = usd(86, 2.00, 1920, 0.50, 0, 0, 300, 8.00);
        h.expectScripted(
                FakeUpstream.json(200, Fixtures.text("openai/chat-cached.json")),
                CHAT.formatted(""),
                2006,
                1920,
                0,
                300,
                cached);
        h.expectScripted(
                new FakeUpstream.Frames(
                        "text/event-stream",
                        FakeUpstream.sseEvents("openai/chat-cached-stream.sse"),
                        Duration.ZERO,
                        After.END),
                CHAT.formatted(STREAM),
                2006,
                1920,
                0,
                300,
                cached);
    }

    @Test
    void aJsonAnswerWithoutUsageIsEstimatedAsTheSameAnswerStreamed() throws Exception {
        Harness h = new Harness(new OpenAiDialect());
        // No usage in the answer: the prompt is counted with o200k_base, 3 tokens per message and 3
        // to prime the reply: 3 + (3 + "system" 1 + "Be brief." 3) + (3 + "user" 1 + "Hello" 1) = 15;
        // the answer "Hello! How can I help you today?" is 9 tokens. gpt-4.1: input 2.00, output 8.00.
        double estimate = usd(15, 2.00, 0, 0, 0, 0, 9, 8.00);
        HttpResponse<String> json = h.expectEstimated(
                FakeUpstream.json(200, Fixtures.text("openai/chat-no-usage.json")),
                CHAT.formatted(""),
                15,
                0,
                0,
                9,
                estimate);
        // The client is told what it is charged, in OpenAI's usage object, and that it is an estimate.
        JsonNode usage = Json.parse(json.body()).path("usage");
        assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(15);
        assertThat(usage.path("completion_tokens").asLong()).isEqualTo(9);
        assertThat(usage.path("total_tokens").asLong()).isEqualTo(24);
        assertThat(json.headers().firstValue("x-gatehouse-usage-estimated")).hasValue("true");
        h.expectEstimated(
                new FakeUpstream.Frames(
                        "text/event-stream",
                        FakeUpstream.sseEvents("openai/chat-no-usage-stream.sse"),
                        Duration.ZERO,
                        After.END),
                CHAT.formatted(STREAM),
                15,
                0,
                0,
                9,
                estimate);
        // An answer with the provider's own usage is not marked.
        HttpResponse<String> exact = h.expectScripted(
                FakeUpstream.json(200, Fixtures.text("openai/chat-cached.json")),
                CHAT.formatted(""),
                2006,
                1920,
                0,
                300,
                usd(86, 2.00, 1920, 0.50, 0, 0, 300, 8.00));
        assertThat(exact.headers().firstValue("x-gatehouse-usage-estimated")).isEmpty();
    }

    @Test
    void embeddingsWithoutUsageAreEstimatedFromTheirInput() throws Exception {
        Harness h = new Harness(new OpenAiDialect());
        // "The food was delicious and the waiter..." is 8 o200k_base tokens, and the second input 2
        // ("Hello world"); no output. gpt-4.1 (the harness's model) input 2.00 per million.
        String body = """
                {"model":"matrix-model","input":["The food was delicious and the waiter...","Hello world"]}""";
        HttpResponse<String> response = h.expectEstimatedAt(
                "/embeddings",
                FakeUpstream.json(200, Fixtures.text("openai/embeddings-no-usage.json")),
                body,
                10,
                0,
                0,
                0,
                usd(10, 2.00, 0, 0, 0, 0, 0, 0));
        JsonNode usage = Json.parse(response.body()).path("usage");
        assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(10);
        assertThat(usage.path("total_tokens").asLong()).isEqualTo(10);
        assertThat(response.headers().firstValue("x-gatehouse-usage-estimated")).hasValue("true");
        // With the provider's usage, its count (8) is charged as it is, not estimated.
        h.expectScriptedAt(
                "/embeddings",
                FakeUpstream.json(200, Fixtures.text("openai/embeddings.json")),
                body,
                8,
                0,
                0,
                0,
                usd(8, 2.00, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void azureWithAPriceFromConfig() throws Exception {
        Harness h = new Harness(new AzureDialect());
        // gpt-4o-prod is a deployment name no table knows: priced by the config's prices: section.
        double hello = usd(12, 2.50, 0, 0, 0, 0, 9, 10.00);
        h.expect(Scenario.SIMPLE_CHAT, CHAT.formatted(""), 12, 0, 0, 9, hello);
        h.expect(Scenario.STREAMING, CHAT.formatted(STREAM), 12, 0, 0, 9, hello);
    }

    @Test
    void anthropic() throws Exception {
        Harness h = new Harness(new AnthropicDialect());
        // claude-sonnet-4: input 3.00, cache read 0.30, cache write 3.75, output 15.00.
        double hello = usd(12, 3.00, 0, 0, 0, 0, 9, 15.00);
        h.expect(Scenario.SIMPLE_CHAT, CHAT.formatted(""), 12, 0, 0, 9, hello);
        h.expect(Scenario.STREAMING, CHAT.formatted(STREAM), 12, 0, 0, 9, hello);
        h.expect(Scenario.TOOLS, TOOLS.formatted(""), 384, 0, 0, 58, usd(384, 3.00, 0, 0, 0, 0, 58, 15.00));
        h.expect(
                Scenario.STREAMED_TOOLS, TOOLS.formatted(STREAM), 472, 0, 0, 89, usd(472, 3.00, 0, 0, 0, 0, 89, 15.00));
        // Anthropic reports uncached input (50), cache reads (1800) and cache writes (248) apart.
        h.expectScripted(
                FakeUpstream.json(200, Fixtures.text("anthropic/message-cached.json")),
                CHAT.formatted(""),
                2098,
                1800,
                248,
                503,
                usd(50, 3.00, 1800, 0.30, 248, 3.75, 503, 15.00));
    }

    @Test
    void anthropicChargesOneHourCacheWritesAtTheirOwnRate() throws Exception {
        Harness h = new Harness(new AnthropicDialect());
        // claude-sonnet-4: 5-minute writes 3.75 (1.25x input), 1-hour writes 6.00 (2x input). Of the
        // 3000 written tokens, 1000 live 5 minutes and 2000 an hour.
        double mixed = (50 * 3.00 + 1800 * 0.30 + 1000 * 3.75 + 2000 * 6.00 + 503 * 15.00) / 1_000_000.0;
        h.expectScripted(
                FakeUpstream.json(200, Fixtures.text("anthropic/message-cache-1h.json")),
                CHAT.formatted(""),
                4850,
                1800,
                3000,
                503,
                mixed);
        h.expectScripted(
                new FakeUpstream.Frames(
                        "text/event-stream",
                        FakeUpstream.sseEvents("anthropic/message-cache-1h-stream.sse"),
                        Duration.ZERO,
                        After.END),
                CHAT.formatted(STREAM),
                4850,
                1800,
                3000,
                503,
                mixed);
    }

    @Test
    void anAnthropicStreamCutShortKeepsTheCountsOfMessageStart() throws Exception {
        Harness h = new Harness(new AnthropicDialect());
        // The stream ends after the first text delta, before message_delta and message_stop.
        // message_start said 50 uncached, 1800 cache-read and 3000 cache-written tokens (2000 of them
        // for an hour): kept exactly. Only the output is estimated, from the forwarded text "The
        // document is a novel about manners and marriage." (10 o200k_base tokens).
        List<Buffer> events = FakeUpstream.sseEvents("anthropic/message-cache-1h-stream.sse");
        double cut = (50 * 3.00 + 1800 * 0.30 + 1000 * 3.75 + 2000 * 6.00 + 10 * 15.00) / 1_000_000.0;
        h.expectEstimated(
                new FakeUpstream.Frames("text/event-stream", events.subList(0, 3), Duration.ZERO, After.END),
                CHAT.formatted(STREAM),
                4850,
                1800,
                3000,
                10,
                cut);
    }

    @Test
    void anthropicPromptsAboveTwoHundredThousandTokensPayTheLongContextRate() throws Exception {
        Harness h = new Harness(new AnthropicDialect());
        // claude-sonnet-4 above 200k input tokens: input 6.00, output 22.50 for the whole request.
        h.expectScripted(
                FakeUpstream.json(200, Fixtures.text("anthropic/message-long-context.json")),
                CHAT.formatted(""),
                200_001,
                0,
                0,
                1000,
                usd(200_001, 6.00, 0, 0, 0, 0, 1000, 22.50));
    }

    @Test
    void gemini() throws Exception {
        Harness h = new Harness(new GeminiDialect());
        // gemini-2.0-flash: input 0.10, cached input 0.025, output 0.40.
        double hello = usd(12, 0.10, 0, 0, 0, 0, 9, 0.40);
        h.expect(Scenario.SIMPLE_CHAT, CHAT.formatted(""), 12, 0, 0, 9, hello);
        h.expect(Scenario.STREAMING, CHAT.formatted(STREAM), 12, 0, 0, 9, hello);
        h.expect(Scenario.TOOLS, TOOLS.formatted(""), 57, 0, 0, 7, usd(57, 0.10, 0, 0, 0, 0, 7, 0.40));
        h.expect(Scenario.STREAMED_TOOLS, TOOLS.formatted(STREAM), 57, 0, 0, 7, usd(57, 0.10, 0, 0, 0, 0, 7, 0.40));
        // 2061 prompt tokens, 2048 from the context cache; thinking tokens (95) are billed as output.
        h.expectScripted(
                FakeUpstream.json(200, Fixtures.text("gemini/chat-cached-thinking.json")),
                CHAT.formatted(""),
                2061,
                2048,
                0,
                97,
                usd(13, 0.10, 2048, 0.025, 0, 0, 97, 0.40));
    }

    @Test
    void geminiChargesToolUsePromptTokensAsInput() throws Exception {
        Harness h = new Harness(new GeminiDialect());
        // gemini-2.0-flash: input 0.10, output 0.40. 12 prompt tokens plus 314 tool-use prompt tokens
        // (counted apart from promptTokenCount) are input; 11 candidate tokens are output.
        double tooled = usd(326, 0.10, 0, 0, 0, 0, 11, 0.40);
        h.expectScripted(
                FakeUpstream.json(200, Fixtures.text("gemini/chat-tool-use-prompt.json")),
                CHAT.formatted(""),
                326,
                0,
                0,
                11,
                tooled);
        h.expectScripted(
                new FakeUpstream.Frames(
                        "text/event-stream",
                        FakeUpstream.sseEvents("gemini/chat-tool-use-prompt-stream.sse"),
                        Duration.ZERO,
                        After.END),
                CHAT.formatted(STREAM),
                326,
                0,
                0,
                11,
                tooled);
    }

    @Test
    void aGeminiStreamCutShortKeepsItsPromptCountAndEstimatesTheOutput() throws Exception {
        Harness h = new Harness(new GeminiDialect());
        // The body ends after the first event ("Hello!", usageMetadata with promptTokenCount 12 and no
        // candidates count yet): the 12 prompt tokens are exact, the output is the estimate of
        // "Hello!" (2 o200k_base tokens), never 0. gemini-2.0-flash: input 0.10, output 0.40.
        List<Buffer> events = FakeUpstream.sseEvents("gemini/chat-hello-stream.sse");
        h.expectEstimated(
                new FakeUpstream.Frames("text/event-stream", events.subList(0, 1), Duration.ZERO, After.END),
                CHAT.formatted(STREAM),
                12,
                0,
                0,
                2,
                usd(12, 0.10, 0, 0, 0, 0, 2, 0.40));
    }

    @Test
    void cohere() throws Exception {
        Harness h = new Harness(new CohereDialect());
        // command-a-03-2025: input 2.50, output 10.00.
        // Cohere charges usage.billed_units (5/9), not the tokens it processed (usage.tokens, 12/9).
        double hello = usd(5, 2.50, 0, 0, 0, 0, 9, 10.00);
        h.expect(Scenario.SIMPLE_CHAT, CHAT.formatted(""), 5, 0, 0, 9, hello);
        h.expect(Scenario.STREAMING, CHAT.formatted(STREAM), 5, 0, 0, 9, hello);
        // 37/28 billed for the tool call; usage.tokens says 913/83, 24 times the input charged.
        double tool = usd(37, 2.50, 0, 0, 0, 0, 28, 10.00);
        h.expect(Scenario.TOOLS, TOOLS.formatted(""), 37, 0, 0, 28, tool);
        h.expect(Scenario.STREAMED_TOOLS, TOOLS.formatted(STREAM), 37, 0, 0, 28, tool);
    }

    @Test
    void bedrockWithAModelAddedInConfig() throws Exception {
        Harness h = new Harness(new BedrockDialect());
        // anthropic.claude-3-5-sonnet-20240620-v1:0 is Anthropic's claude-3-5-sonnet-20240620 (the
        // Bedrock id rule), which the config adds: 3.00/0.30/3.75/15.00.
        double hello = usd(12, 3.00, 0, 0, 0, 0, 9, 15.00);
        h.expect(Scenario.SIMPLE_CHAT, CHAT.formatted(""), 12, 0, 0, 9, hello);
        h.expect(Scenario.STREAMING, CHAT.formatted(STREAM), 12, 0, 0, 9, hello);
        double tool = usd(390, 3.00, 0, 0, 0, 0, 68, 15.00);
        h.expect(Scenario.TOOLS, TOOLS.formatted(""), 390, 0, 0, 68, tool);
        h.expect(Scenario.STREAMED_TOOLS, TOOLS.formatted(STREAM), 390, 0, 0, 68, tool);
        // 14 uncached + 2048 cache reads + 72 cache writes.
        double cached = usd(14, 3.00, 2048, 0.30, 72, 3.75, 8, 15.00);
        h.expectScripted(
                FakeUpstream.json(200, Fixtures.text("bedrock/converse-cached.json")),
                CHAT.formatted(""),
                2134,
                2048,
                72,
                8,
                cached);
        h.expectScripted(
                new FakeUpstream.Frames(
                        "application/vnd.amazon.eventstream",
                        BedrockFixtures.eventStream("stream-cached.json"),
                        Duration.ZERO,
                        After.END),
                CHAT.formatted(STREAM),
                2134,
                2048,
                72,
                8,
                cached);
    }

    /** One gateway in front of one fake upstream speaking the dialect. */
    private static final class Harness {
        private final Dialect dialect;
        private final FakeUpstream fake = new FakeUpstream();
        private final TestGateway gateway;

        Harness(Dialect dialect) {
            this.dialect = dialect;
            OPEN.add(fake);
            String root = fake.baseUrl().substring(0, fake.baseUrl().length() - "/v1".length());
            StringBuilder yaml = new StringBuilder(TestGateway.SINGLE_ATTEMPT).append("providers:\n  under-test:\n");
            for (String line : dialect.providerYaml(root).strip().split("\n")) {
                yaml.append("    ").append(line).append('\n');
            }
            yaml.append("models:\n  - name: ")
                    .append(MODEL)
                    .append("\n    provider: under-test\n    model: \"")
                    .append(dialect.upstreamModel())
                    .append("\"\n");
            yaml.append("""
                    prices:
                      gpt-4o-prod: {input: 2.50, cached_input: 1.25, output: 10.00, effective_date: 2025-10-01}
                      claude-3-5-sonnet-20240620: {input: 3.00, cached_input: 0.30, cache_write: 3.75, output: 15.00, context_window: 200000}
                    """);
            gateway = TestGateway.start(yaml.toString());
            OPEN.add(gateway);
        }

        void expect(Scenario scenario, String body, long input, long cached, long write, long output, double usd)
                throws Exception {
            dialect.script(scenario, fake);
            check(scenario.name(), CHAT_PATH, body, input, cached, write, output, false, usd);
        }

        HttpResponse<String> expectScripted(
                FakeUpstream.Behavior behavior,
                String body,
                long input,
                long cached,
                long write,
                long output,
                double usd)
                throws Exception {
            return expectScriptedAt(CHAT_PATH, behavior, body, input, cached, write, output, usd);
        }

        HttpResponse<String> expectScriptedAt(
                String path,
                FakeUpstream.Behavior behavior,
                String body,
                long input,
                long cached,
                long write,
                long output,
                double usd)
                throws Exception {
            fake.then(behavior);
            return check("scripted", path, body, input, cached, write, output, false, usd);
        }

        /** As {@link #expectScripted}, for an answer whose counts are partly or wholly the gateway's estimate. */
        HttpResponse<String> expectEstimated(
                FakeUpstream.Behavior behavior,
                String body,
                long input,
                long cached,
                long write,
                long output,
                double usd)
                throws Exception {
            return expectEstimatedAt(CHAT_PATH, behavior, body, input, cached, write, output, usd);
        }

        HttpResponse<String> expectEstimatedAt(
                String path,
                FakeUpstream.Behavior behavior,
                String body,
                long input,
                long cached,
                long write,
                long output,
                double usd)
                throws Exception {
            fake.then(behavior);
            return check("estimated", path, body, input, cached, write, output, true, usd);
        }

        private HttpResponse<String> check(
                String what,
                String path,
                String body,
                long input,
                long cached,
                long write,
                long output,
                boolean estimated,
                double usd)
                throws Exception {
            HttpResponse<String> response = gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path))
                    .header("authorization", "Bearer " + TestGateway.MASTER_KEY)
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            String id = response.headers().firstValue("x-request-id").orElseThrow();
            // The record is staged before the answer's last bytes, then moved to the spool within
            // milliseconds: a flush right after the answer may run before it got there.
            UsageRecord r = await(what + " stored")
                    .atMost(Duration.ofSeconds(10))
                    .until(
                            () -> {
                                gateway.server().usage().writer().flushed().get(10, TimeUnit.SECONDS);
                                return gateway.server().usage().store().find(id);
                            },
                            Objects::nonNull);
            assertThat(r).as(what + " stored").isNotNull();
            assertThat(r.inputTokens()).as(what + " input").isEqualTo(input);
            assertThat(r.cachedTokens()).as(what + " cached").isEqualTo(cached);
            assertThat(r.cacheWriteTokens()).as(what + " cache write").isEqualTo(write);
            assertThat(r.outputTokens()).as(what + " output").isEqualTo(output);
            assertThat(r.estimated()).as(what + " estimated").isEqualTo(estimated);
            assertThat(r.costUsd()).as(what + " cost").isCloseTo(usd, within(1e-12));
            return response;
        }
    }
}
