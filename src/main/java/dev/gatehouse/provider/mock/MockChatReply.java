package dev.gatehouse.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.config.MockSettings;
import dev.gatehouse.usage.TokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated model: turns a chat request into a {@link MockCompletion}. Deterministic: the same
 * model and messages always give the same text and tool calls (the {@code stream} flag and other
 * parameters play no part, so a streamed reply matches the unary one). Stateless and thread-safe;
 * cost is one tokenization per choice, plus a binary search when a token limit is set.
 */
final class MockChatReply {

    private static final int CALL_ID_LENGTH = 24;

    private MockChatReply() {}

    static MockCompletion generate(MockChatRequest request, MockSettings settings) {
        long seed = StableHash.of(request.model(), request.messages().toString());
        int words = request.directives().words().orElse(settings.replyWords());
        List<MockCompletion.Choice> choices = new ArrayList<>(request.n());
        int completionTokens = 0;
        for (int i = 0; i < request.n(); i++) {
            SplittableRandom random = new SplittableRandom(StableHash.variant(seed, i));
            JsonNode tool = request.tool();
            if (tool != null) {
                MockCompletion.ToolCall call = toolCall(i, tool, random);
                choices.add(call);
                completionTokens += TokenCounter.count(request.model(), call.name())
                        + TokenCounter.count(request.model(), call.arguments());
            } else {
                MockCompletion.Text text = text(i, request, words, random);
                choices.add(text);
                completionTokens += TokenCounter.count(request.model(), text.content());
            }
        }
        int promptTokens = TokenCounter.countMessages(request.model(), request.messages());
        return new MockCompletion(List.copyOf(choices), promptTokens, completionTokens);
    }

    private static MockCompletion.ToolCall toolCall(int index, JsonNode tool, SplittableRandom random) {
        String arguments = MockJson.string(MockToolArguments.fill(tool.path("parameters"), random));
        String id = MockText.id("call_", CALL_ID_LENGTH, random);
        return new MockCompletion.ToolCall(index, id, tool.path("name").asText(), arguments);
    }

    /** A sentence of {@code count} words, cut to the longest prefix that fits the token limit. */
    private static MockCompletion.Text text(int index, MockChatRequest request, int count, SplittableRandom random) {
        String[] words = new String[count];
        for (int w = 0; w < count; w++) {
            words[w] = MockText.word(random);
        }
        if (count > 0) {
            words[0] = Character.toUpperCase(words[0].charAt(0)) + words[0].substring(1);
            words[count - 1] = words[count - 1] + ".";
        }
        int kept = count;
        if (request.maxTokens().isPresent()) {
            kept = fitting(words, request.model(), request.maxTokens().getAsInt());
        }
        List<String> pieces = new ArrayList<>(kept);
        for (int w = 0; w < kept; w++) {
            pieces.add(w < kept - 1 ? words[w] + " " : words[w]);
        }
        return new MockCompletion.Text(index, List.copyOf(pieces), kept < count ? "length" : "stop");
    }

    /**
     * The most words whose text fits in {@code limit} tokens. A prefix never has more tokens than a
     * longer prefix here (whole words joined by spaces), so binary search applies.
     */
    private static int fitting(String[] words, String model, int limit) {
        if (TokenCounter.count(model, String.join(" ", words)) <= limit) {
            return words.length;
        }
        int lo = 0;
        int hi = words.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (TokenCounter.count(model, String.join(" ", List.of(words).subList(0, mid))) <= limit) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
