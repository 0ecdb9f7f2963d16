package dev.gatehouse.usage;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Counts tokens with OpenAI's tokenizers ({@link BpeTokenizer}, jtokkit's counts in a tenth of its
 * memory). Models of the GPT-4o generation and later use {@code o200k_base}; older ones
 * {@code cl100k_base}, which also serves as the estimate for other vendors' models. Thread-safe;
 * encodings are loaded once.
 */
public final class TokenCounter {

    /** Loaded when first used (class initialization is once and thread-safe). */
    private static final class O200k {
        static final BpeTokenizer BASE = BpeTokenizer.o200kBase();
    }

    private static final class Cl100k {
        static final BpeTokenizer BASE = BpeTokenizer.cl100kBase();
    }

    /**
     * OpenAI's cookbook ("How to count tokens with tiktoken") counts 3 tokens of framing per chat
     * message and 3 to prime the reply.
     */
    private static final int TOKENS_PER_MESSAGE = 3;

    private static final int TOKENS_REPLY_PRIMER = 3;

    private TokenCounter() {}

    /**
     * Loads the encodings {@link #tokenizerFor} hands out. Their tables take a fraction of a second
     * to read, so the server calls this at start on a worker thread: loaded lazily, the first request
     * that counts would block its event loop that long.
     */
    public static void load() {
        O200k.BASE.count("warm");
        Cl100k.BASE.count("warm");
    }

    public static BpeTokenizer tokenizerFor(String model) {
        String m = model == null ? "" : model;
        boolean older = m.startsWith("gpt-4-")
                || m.equals("gpt-4")
                || m.startsWith("gpt-3.5")
                || m.startsWith("text-embedding-");
        return older ? Cl100k.BASE : O200k.BASE;
    }

    public static int count(String model, String text) {
        return text == null || text.isEmpty() ? 0 : tokenizerFor(model).count(text);
    }

    /**
     * Counts the prompt tokens of an OpenAI {@code messages} array: text content of every message
     * (string or text parts), tool call arguments, plus per-message framing. Documents (PDF
     * {@code file} parts) are estimated by {@link DocumentTokens}; images are not counted.
     */
    public static int countMessages(String model, JsonNode messages) {
        BpeTokenizer enc = tokenizerFor(model);
        int total = TOKENS_REPLY_PRIMER;
        for (JsonNode message : messages) {
            total += TOKENS_PER_MESSAGE;
            total += countText(enc, message.path("role").asText(""));
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                total += countText(enc, content.asText());
            } else if (content.isArray()) {
                for (JsonNode part : content) {
                    total += countText(enc, part.path("text").asText(""));
                    total += (int) DocumentTokens.of(part);
                }
            }
            for (JsonNode call : message.path("tool_calls")) {
                total += countText(enc, call.path("function").path("name").asText(""));
                total += countText(enc, call.path("function").path("arguments").asText(""));
            }
        }
        return total;
    }

    private static int countText(BpeTokenizer enc, String text) {
        return text.isEmpty() ? 0 : enc.count(text);
    }

    /**
     * A ceiling of {@link #count}, without the tokenizer: the text's length in UTF-8 bytes. Every
     * token of a byte-level BPE tokenizer (all of OpenAI's) stands for at least one byte, so no text
     * has more tokens than bytes; English prose has about four bytes a token, so this ceiling is
     * about four times the count. Costs one pass over the characters and allocates nothing.
     */
    public static long ceiling(String text) {
        long bytes = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            // A surrogate is half of a pair that UTF-8 writes in 4 bytes.
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    /** A ceiling of {@link #countMessages}: the same walk, with {@link #ceiling} for each text. */
    public static long ceilingOfMessages(JsonNode messages) {
        long total = TOKENS_REPLY_PRIMER;
        for (JsonNode message : messages) {
            total += TOKENS_PER_MESSAGE;
            total += ceiling(message.path("role").asText(""));
            JsonNode content = message.path("content");
            if (content.isTextual()) {
                total += ceiling(content.asText());
            } else if (content.isArray()) {
                for (JsonNode part : content) {
                    total += ceiling(part.path("text").asText(""));
                    total += DocumentTokens.of(part);
                }
            }
            for (JsonNode call : message.path("tool_calls")) {
                total += ceiling(call.path("function").path("name").asText(""));
                total += ceiling(call.path("function").path("arguments").asText(""));
            }
        }
        return total;
    }
}
