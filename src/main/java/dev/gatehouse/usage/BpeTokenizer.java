package dev.gatehouse.usage;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Counts the tokens of text with one of OpenAI's byte-level BPE encodings, exactly as jtokkit's
 * {@code Encoding.countTokensOrdinary} does (special tokens are ordinary text), but with the
 * vocabulary in flat arrays ({@link TokenRanks}) instead of jtokkit's boxed maps: about 5 MB for
 * {@code o200k_base} and 2.5 MB for {@code cl100k_base} against jtokkit's 47 MB for the two, which
 * was most of an idle gateway's heap. It only counts: there is no encoding to token numbers and no
 * decoding. Thread-safe; a count allocates only its scratch buffers and never blocks, so event
 * loops call it.
 *
 * <p>Text is first cut into pieces by the encoding's pattern (as tiktoken's {@code
 * openai_public.py} and jtokkit's {@code EncodingFactory} define it), and each piece's UTF-8 bytes
 * are merged by {@link PieceMerger}. {@code BpeTokenizerEquivalenceTest} holds both to jtokkit's counts.
 */
public final class BpeTokenizer {

    /**
     * tiktoken's {@code o200k_base} pattern as jtokkit compiles it (with {@code
     * UNICODE_CHARACTER_CLASS}); its pieces are UTF-8 encoded by {@link String#getBytes}, which turns
     * a lone surrogate into {@code ?}.
     */
    private static final Pattern O200K_PIECES = Pattern.compile(
            String.join(
                    "|",
                    "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+"
                            + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
                    "[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*"
                            + "(?i:'s|'t|'re|'ve|'m|'ll|'d)?",
                    "\\p{N}{1,3}",
                    " ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*",
                    "\\s*[\\r\\n]+",
                    "\\s+(?!\\S)",
                    "\\s+"),
            Pattern.UNICODE_CHARACTER_CLASS);

    private final String name;

    private final TokenRanks ranks;

    /** The o200k pattern, or null for cl100k's hand-written split ({@link Cl100kPieces}). */
    private final @Nullable Pattern pieces;

    private BpeTokenizer(String name, TokenRanks ranks, @Nullable Pattern pieces) {
        this.name = name;
        this.ranks = ranks;
        this.pieces = pieces;
    }

    /** Loads {@code o200k_base} from jtokkit's resources. Takes a few hundred ms: not on an event loop. */
    public static BpeTokenizer o200kBase() {
        return new BpeTokenizer(
                "o200k_base", TokenRanks.load("com/knuddels/jtokkit/o200k_base.tiktoken"), O200K_PIECES);
    }

    /** Loads {@code cl100k_base} from jtokkit's resources. Takes a few hundred ms: not on an event loop. */
    public static BpeTokenizer cl100kBase() {
        return new BpeTokenizer("cl100k_base", TokenRanks.load("com/knuddels/jtokkit/cl100k_base.tiktoken"), null);
    }

    public String name() {
        return name;
    }

    TokenRanks ranks() {
        return ranks;
    }

    /** The number of tokens of {@code text}; 0 for the empty string. */
    public int count(String text) {
        PieceMerger merger = new PieceMerger(ranks);
        byte[] scratch = new byte[Math.min(3 * text.length(), 256)];
        int total = 0;
        Pattern pattern = pieces;
        if (pattern != null) {
            Matcher matcher = pattern.matcher(text);
            while (matcher.find()) {
                scratch = ensure(scratch, matcher.end() - matcher.start());
                int length = Utf8Piece.encode(
                        text, matcher.start(), matcher.end(), scratch, Utf8Piece.LONE_SURROGATE_AS_QUESTION_MARK);
                total += merger.count(scratch, length);
            }
        } else {
            for (int start = 0, n = text.length(); start < n; ) {
                int end = Cl100kPieces.end(text, start);
                scratch = ensure(scratch, end - start);
                int length = Utf8Piece.encode(text, start, end, scratch, Utf8Piece.LONE_SURROGATE_AS_THREE_BYTES);
                total += merger.count(scratch, length);
                start = end;
            }
        }
        return total;
    }

    private static byte[] ensure(byte[] scratch, int chars) {
        return scratch.length >= 3 * chars ? scratch : new byte[3 * chars];
    }
}
