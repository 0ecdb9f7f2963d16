package dev.gatehouse.provider.mock;

import java.util.random.RandomGenerator;

/**
 * The raw material of simulated output: a fixed vocabulary of ordinary English words, each a single
 * token in OpenAI's tokenizers when it follows a space, so a reply's token count stays close to its
 * word count, and OpenAI-style random identifiers. Stateless; the caller's generator decides
 * whether the result is deterministic.
 */
final class MockText {

    private static final String[] WORDS = {
        "the", "quick", "river", "light", "stone", "garden", "window", "morning", "evening", "market",
        "simple", "gentle", "bright", "quiet", "steady", "open", "small", "large", "warm", "cold",
        "house", "table", "paper", "water", "bread", "music", "story", "street", "forest", "mountain",
        "city", "road", "bridge", "train", "letter", "picture", "question", "answer", "idea", "plan",
        "friend", "family", "teacher", "doctor", "farmer", "writer", "player", "worker", "child", "people",
        "walks", "reads", "writes", "builds", "finds", "keeps", "brings", "makes", "takes", "gives",
        "holds", "moves", "turns", "shows", "tells", "calls", "needs", "wants", "likes", "helps",
        "and", "but", "with", "from", "over", "under", "near", "after", "before", "while",
        "every", "some", "many", "few", "each", "other", "same", "new", "old", "good",
        "great", "little", "long", "short", "early", "late", "clear", "fresh", "green", "blue",
        "red", "yellow", "white", "black", "golden", "silver", "wooden", "round", "flat", "deep",
        "day", "night", "week", "year", "hour", "moment", "season", "summer", "winter", "spring",
        "rain", "wind", "snow", "sun", "moon", "star", "cloud", "sky", "sea", "lake",
        "field", "hill", "valley", "island", "coast", "village", "school", "office", "kitchen", "room",
        "door", "wall", "floor", "chair", "lamp", "book", "song", "game", "word", "name",
        "time", "place", "way", "work", "home", "world", "life", "hand", "heart", "voice",
        "careful", "happy", "calm", "busy", "kind", "brave", "honest", "patient", "curious", "proud",
        "slowly", "softly", "often", "always", "never", "again", "together", "outside", "inside", "along",
        "learns", "grows", "waits", "opens", "closes", "starts", "ends", "lives", "stays", "leaves",
        "coffee", "apple", "orange", "dog", "horse", "bird", "fish", "tree", "flower", "grass",
    };

    private static final char[] ID_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private MockText() {}

    static String word(RandomGenerator random) {
        return WORDS[random.nextInt(WORDS.length)];
    }

    /** An identifier in OpenAI's style: a prefix such as {@code chatcmpl-} and base-62 characters. */
    static String id(String prefix, int length, RandomGenerator random) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ID_CHARS[random.nextInt(ID_CHARS.length)];
        }
        return prefix + new String(chars);
    }
}
