package dev.gatehouse.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link BpeTokenizer} must count exactly what jtokkit counts ({@code countTokensOrdinary}), which
 * the gateway used before, for both encodings and any text: random mixes of every character class,
 * lone surrogates, prose in many scripts, code, JSON, long runs, and every vocabulary token's own
 * text.
 */
class BpeTokenizerEquivalenceTest {

    static {
        // jtokkit's cl100k parser asserts well-formed UTF-16; in production (no -ea) it counts lone
        // surrogates, and that is the behaviour to match.
        BpeTokenizerEquivalenceTest.class.getClassLoader().setPackageAssertionStatus("com.knuddels.jtokkit", false);
    }

    private static final EncodingRegistry JTOKKIT = Encodings.newLazyEncodingRegistry();

    private static BpeTokenizer o200k;

    private static BpeTokenizer cl100k;

    @BeforeAll
    static void load() {
        o200k = BpeTokenizer.o200kBase();
        cl100k = BpeTokenizer.cl100kBase();
    }

    @Test
    void countsRandomTextsLikeJtokkit() {
        List<String> texts = TokenizerCorpus.random(20_260_417L, 30_000, 24);
        texts.addAll(TokenizerCorpus.random(7L, 3_000, 200));
        assertSameCounts(texts);
    }

    @Test
    void countsProseCodeAndJsonLikeJtokkit() {
        List<String> texts = new ArrayList<>(TokenizerCorpus.realistic());
        // Every prefix too, so pieces are cut at every place.
        for (String text : TokenizerCorpus.realistic()) {
            for (int end = 1; end < text.length(); end++) {
                texts.add(text.substring(0, end));
            }
        }
        assertSameCounts(texts);
    }

    @Test
    void countsLongRunsLikeJtokkit() {
        assertSameCounts(TokenizerCorpus.longRuns());
    }

    @Test
    void countsEveryO200kTokenLikeJtokkit() {
        assertSameCounts(tokenTexts(o200k));
    }

    @Test
    void countsEveryCl100kTokenLikeJtokkit() {
        assertSameCounts(tokenTexts(cl100k));
    }

    @Test
    void countsEmptyTextAsNoTokens() {
        assertThat(o200k.count("")).isZero();
        assertThat(cl100k.count("")).isZero();
    }

    /** Each token's bytes as text, where they are well-formed UTF-8, alone and after a space. */
    private static List<String> tokenTexts(BpeTokenizer tokenizer) {
        CharsetDecoder strict = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        TokenRanks ranks = tokenizer.ranks();
        List<String> texts = new ArrayList<>(2 * ranks.size());
        for (int rank = 0; rank < ranks.size(); rank++) {
            try {
                String text =
                        strict.decode(ByteBuffer.wrap(ranks.bytesOf(rank))).toString();
                texts.add(text);
                texts.add(text + text);
            } catch (CharacterCodingException notText) {
                // Part of a multi-byte character: only reachable inside longer text.
            }
        }
        assertThat(texts).hasSizeGreaterThan(ranks.size());
        return texts;
    }

    private static void assertSameCounts(List<String> texts) {
        check(texts, JTOKKIT.getEncoding(EncodingType.O200K_BASE), o200k);
        check(texts, JTOKKIT.getEncoding(EncodingType.CL100K_BASE), cl100k);
    }

    private static void check(List<String> texts, Encoding reference, BpeTokenizer tokenizer) {
        List<String> differences = new ArrayList<>();
        for (String text : texts) {
            int expected = reference.countTokensOrdinary(text);
            int actual = tokenizer.count(text);
            if (expected != actual && differences.size() < 10) {
                differences.add(tokenizer.name() + " " + escape(text) + ": jtokkit " + expected + ", ours " + actual);
            }
        }
        assertThat(differences).as("%d texts", texts.size()).isEmpty();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder("\"");
        String shown = text.length() > 120 ? text.substring(0, 120) + "…(" + text.length() + ")" : text;
        for (char c : shown.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return out.append('"').toString();
    }
}
