package dev.gatehouse.provider.matrix;

import dev.gatehouse.json.Json;
import dev.gatehouse.provider.bedrock.BedrockFixtures;
import dev.gatehouse.testing.FakeUpstream;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The money matrix's answers in each provider's wire format, with the token counts of a {@link Bill}
 * in the provider's own usage fields. The shapes are those of the documented fixtures under
 * {@code src/test/resources/fixtures} (named per dialect below); only the numbers change. Every
 * answer says "Hello! How can I help you today?", streamed as "Hello!" and the rest, so a stream cut
 * after its first text delta has forwarded "Hello!" (2 o200k_base tokens).
 */
interface MoneyWire {

    String TEXT = "Hello! How can I help you today?";
    String FIRST = "Hello!";
    String REST = " How can I help you today?";

    /**
     * What the provider bills for one answer, per token class: the uncached prompt, cache reads,
     * 5-minute and 1-hour cache writes, and the output.
     */
    record Bill(long uncached, long read, long write5m, long write1h, long output) {
        long prompt() {
            return uncached + read + write5m + write1h;
        }

        long writes() {
            return write5m + write1h;
        }
    }

    /** The JSON answer. */
    FakeUpstream.Behavior json(Bill bill);

    /** The streamed answer, one buffer per SSE event or event-stream message. */
    List<Buffer> stream(Bill bill);

    /** How many of {@link #stream}'s frames go out before the cut: up to and including the first text delta. */
    int framesBeforeCut();

    String streamContentType();

    /** Whether the frames before the cut carry the provider's prompt counts (Anthropic, Gemini). */
    boolean promptCountedBeforeCut();

    private static Buffer sse(String data) {
        return Buffer.buffer("data: " + data + "\n\n");
    }

    private static Buffer sse(String event, String data) {
        return Buffer.buffer("event: " + event + "\ndata: " + data + "\n\n");
    }

    /** OpenAI chat completions ({@code openai/chat-cached.json}, {@code openai/chat-stream-usage.sse}); Azure and Mistral alike. */
    final class OpenAi implements MoneyWire {
        private static String usage(Bill b) {
            return """
                    {"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d,"prompt_tokens_details":{"cached_tokens":%d,"audio_tokens":0},\
                    "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0}}""".formatted(b.prompt(), b.output(), b.prompt() + b.output(), b.read());
        }

        private static String chunk(String delta, String finish, String usage) {
            return """
                    {"id":"chatcmpl-money02","object":"chat.completion.chunk","created":1741569952,"model":"gpt-4.1-2025-04-14",\
                    "choices":[{"index":0,"delta":%s,"logprobs":null,"finish_reason":%s}],"usage":%s}""".formatted(delta, finish, usage);
        }

        @Override
        public FakeUpstream.Behavior json(Bill b) {
            return FakeUpstream.json(200, """
                    {"id":"chatcmpl-money01","object":"chat.completion","created":1741569952,"model":"gpt-4.1-2025-04-14",\
                    "choices":[{"index":0,"message":{"role":"assistant","content":"%s","refusal":null,"annotations":[]},\
                    "logprobs":null,"finish_reason":"stop"}],"usage":%s,"service_tier":"default"}""".formatted(TEXT, usage(b)));
        }

        @Override
        public List<Buffer> stream(Bill b) {
            return List.of(
                    sse(chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null", "null")),
                    sse(chunk("{\"content\":\"" + FIRST + "\"}", "null", "null")),
                    sse(chunk("{\"content\":\"" + REST + "\"}", "\"stop\"", "null")),
                    // "An additional chunk ... before the data: [DONE] message": choices empty, usage set.
                    sse("""
                            {"id":"chatcmpl-money02","object":"chat.completion.chunk","created":1741569952,\
                            "model":"gpt-4.1-2025-04-14","choices":[],"usage":%s}""".formatted(usage(b))),
                    sse("[DONE]"));
        }

        @Override
        public int framesBeforeCut() {
            return 2;
        }

        @Override
        public String streamContentType() {
            return "text/event-stream";
        }

        @Override
        public boolean promptCountedBeforeCut() {
            return false;
        }
    }

    /** Anthropic Messages ({@code anthropic/message-cache-1h.json}, {@code anthropic/message-cache-1h-stream.sse}). */
    final class Anthropic implements MoneyWire {
        private static String usage(Bill b, long output) {
            return """
                    {"input_tokens":%d,"cache_creation_input_tokens":%d,"cache_read_input_tokens":%d,\
                    "cache_creation":{"ephemeral_5m_input_tokens":%d,"ephemeral_1h_input_tokens":%d},\
                    "output_tokens":%d,"service_tier":"standard"}""".formatted(b.uncached(), b.writes(), b.read(), b.write5m(), b.write1h(), output);
        }

        @Override
        public FakeUpstream.Behavior json(Bill b) {
            return FakeUpstream.json(200, """
                    {"id":"msg_01Money","type":"message","role":"assistant","model":"claude-sonnet-4-20250514",\
                    "content":[{"type":"text","text":"%s"}],"stop_reason":"end_turn","stop_sequence":null,"usage":%s}""".formatted(TEXT, usage(b, b.output())));
        }

        @Override
        public List<Buffer> stream(Bill b) {
            return List.of(
                    sse("message_start", """
                            {"type":"message_start","message":{"id":"msg_01Money","type":"message","role":"assistant",\
                            "content":[],"model":"claude-sonnet-4-20250514","stop_reason":null,"stop_sequence":null,"usage":%s}}""".formatted(usage(b, 1))),
                    sse(
                            "content_block_start",
                            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
                    sse("content_block_delta", delta(FIRST)),
                    sse("content_block_delta", delta(REST)),
                    sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                    sse("message_delta", """
                            {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":%d}}""".formatted(b.output())),
                    sse("message_stop", "{\"type\":\"message_stop\"}"));
        }

        private static String delta(String text) {
            return "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text
                    + "\"}}";
        }

        @Override
        public int framesBeforeCut() {
            return 3;
        }

        @Override
        public String streamContentType() {
            return "text/event-stream";
        }

        @Override
        public boolean promptCountedBeforeCut() {
            return true;
        }
    }

    /**
     * Gemini generateContent ({@code gemini/chat-cached-thinking.json}, {@code gemini/chat-hello-stream.sse}):
     * {@code promptTokenCount} includes the cached part, {@code cachedContentTokenCount}; every streamed
     * chunk carries the prompt counts.
     */
    final class Gemini implements MoneyWire {
        private static String usage(Bill b, Long output) {
            String cached = b.read() > 0 ? ",\"cachedContentTokenCount\":" + b.read() : "";
            String candidates = output == null ? "" : ",\"candidatesTokenCount\":" + output;
            long total = b.prompt() + (output == null ? 0 : output);
            return "{\"promptTokenCount\":" + b.prompt() + candidates + ",\"totalTokenCount\":" + total + cached + "}";
        }

        private static String chunk(String text, boolean last, String usage) {
            return """
                    {"candidates":[{"content":{"parts":[{"text":"%s"}],"role":"model"},%s"index":0}],\
                    "usageMetadata":%s,"modelVersion":"gemini-2.5-pro","responseId":"moneyResponse01"}""".formatted(text, last ? "\"finishReason\":\"STOP\"," : "", usage);
        }

        @Override
        public FakeUpstream.Behavior json(Bill b) {
            return FakeUpstream.json(200, chunk(TEXT, true, usage(b, b.output())));
        }

        @Override
        public List<Buffer> stream(Bill b) {
            return List.of(sse(chunk(FIRST, false, usage(b, null))), sse(chunk(REST, true, usage(b, b.output()))));
        }

        @Override
        public int framesBeforeCut() {
            return 1;
        }

        @Override
        public String streamContentType() {
            return "text/event-stream";
        }

        @Override
        public boolean promptCountedBeforeCut() {
            return true;
        }
    }

    /**
     * Bedrock Converse and ConverseStream ({@code bedrock/converse-cached.json},
     * {@code bedrock/stream-cached.json}): {@code inputTokens} excludes cache reads and writes;
     * {@code cacheDetails} splits the writes by TTL, 1h before 5m (API reference, "TokenUsage").
     */
    final class Bedrock implements MoneyWire {
        private static String usage(Bill b) {
            StringBuilder details = new StringBuilder();
            if (b.writes() > 0) {
                List<String> entries = new ArrayList<>();
                if (b.write1h() > 0) {
                    entries.add("{\"inputTokens\":" + b.write1h() + ",\"ttl\":\"1h\"}");
                }
                if (b.write5m() > 0) {
                    entries.add("{\"inputTokens\":" + b.write5m() + ",\"ttl\":\"5m\"}");
                }
                details.append(",\"cacheDetails\":[")
                        .append(String.join(",", entries))
                        .append(']');
            }
            return """
                    {"inputTokens":%d,"outputTokens":%d,"totalTokens":%d,"cacheReadInputTokens":%d,"cacheWriteInputTokens":%d%s}""".formatted(b.uncached(), b.output(), b.prompt() + b.output(), b.read(), b.writes(), details);
        }

        @Override
        public FakeUpstream.Behavior json(Bill b) {
            return FakeUpstream.json(200, """
                    {"output":{"message":{"role":"assistant","content":[{"text":"%s"}]}},"stopReason":"end_turn",\
                    "usage":%s,"metrics":{"latencyMs":540}}""".formatted(TEXT, usage(b)));
        }

        @Override
        public List<Buffer> stream(Bill b) {
            return BedrockFixtures.eventStream(Json.parse("""
                    [{"event":"messageStart","payload":{"role":"assistant"}},
                     {"event":"contentBlockDelta","payload":{"contentBlockIndex":0,"delta":{"text":"%s"}}},
                     {"event":"contentBlockDelta","payload":{"contentBlockIndex":0,"delta":{"text":"%s"}}},
                     {"event":"contentBlockStop","payload":{"contentBlockIndex":0}},
                     {"event":"messageStop","payload":{"stopReason":"end_turn"}},
                     {"event":"metadata","payload":{"usage":%s,"metrics":{"latencyMs":551}}}]""".formatted(FIRST, REST, usage(b))));
        }

        @Override
        public int framesBeforeCut() {
            return 2;
        }

        @Override
        public String streamContentType() {
            return "application/vnd.amazon.eventstream";
        }

        @Override
        public boolean promptCountedBeforeCut() {
            return false;
        }
    }

    /**
     * Cohere v2 chat ({@code cohere/chat-hello.json}, {@code cohere/chat-hello-stream.sse}): billed
     * units are the bill; {@code usage.tokens} (what the model processed, here 7 more prompt tokens)
     * is not.
     */
    final class Cohere implements MoneyWire {
        private static String usage(Bill b) {
            return """
                    {"billed_units":{"input_tokens":%d,"output_tokens":%d},"tokens":{"input_tokens":%d,"output_tokens":%d}}""".formatted(b.uncached(), b.output(), b.uncached() + 7, b.output());
        }

        @Override
        public FakeUpstream.Behavior json(Bill b) {
            return FakeUpstream.json(200, """
                    {"id":"c14c80c3-money","message":{"role":"assistant","content":[{"type":"text","text":"%s"}]},\
                    "finish_reason":"COMPLETE","usage":%s}""".formatted(TEXT, usage(b)));
        }

        @Override
        public List<Buffer> stream(Bill b) {
            return List.of(
                    sse("message-start", """
                            {"id":"29f14a5a-money","type":"message-start","delta":{"message":{"role":"assistant","content":[],\
                            "tool_plan":"","tool_calls":[],"citations":[]}}}"""),
                    sse(
                            "content-start",
                            "{\"type\":\"content-start\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"type\":\"text\",\"text\":\"\"}}}}"),
                    sse("content-delta", delta(FIRST)),
                    sse("content-delta", delta(REST)),
                    sse("content-end", "{\"type\":\"content-end\",\"index\":0}"),
                    sse("message-end", """
                            {"type":"message-end","delta":{"finish_reason":"COMPLETE","usage":%s}}""".formatted(usage(b))));
        }

        private static String delta(String text) {
            return "{\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"" + text
                    + "\"}}}}";
        }

        @Override
        public int framesBeforeCut() {
            return 3;
        }

        @Override
        public String streamContentType() {
            return "text/event-stream";
        }

        @Override
        public boolean promptCountedBeforeCut() {
            return false;
        }
    }
}
