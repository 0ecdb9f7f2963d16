package dev.gatehouse.cache.semantic;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Rejects the pairs sentence embeddings score close but that ask for different answers: the texts
 * differ in code or quoted strings, pasted text, numbers, versions, units, time, negation, names,
 * direction or degree words (or the same names on the other side of "to", "from", "than", "in":
 * {@link ConnectorRoles}), output format, or scope words. Everything is compared as sets of
 * normalised words, so reordering, case, punctuation, politeness and filler change nothing, and a typo
 * in a class word is read as the word meant ({@link Spelling}).
 *
 * <p>Errs towards rejecting: a rejected paraphrase costs one provider call, a wrong answer costs trust.
 * Pure and allocation-light (tens of microseconds for a prompt), so it runs on the event loop.
 */
public final class NearMissCheck implements MeaningCheck {

    /** At most this many content words swapped on each side count as a changed subject. */
    private static final int MAX_SWAPPED = 2;

    @Override
    public @Nullable String difference(String cached, String asked) {
        if (cached.equals(asked)) {
            return null;
        }
        return difference(PromptFeatures.of(cached), PromptFeatures.of(asked), cached, asked);
    }

    private static @Nullable String difference(PromptFeatures a, PromptFeatures b, String textA, String textB) {
        if (!literalsAgree(a.code(), b.code(), textA, textB)) {
            return "code differs";
        }
        if (!literalsAgree(a.quotes(), b.quotes(), textA, textB)) {
            return "quoted text differs";
        }
        String pa = a.payload();
        String pb = b.payload();
        if (pa != null && pb != null && !pa.equals(pb)) {
            return "pasted text differs";
        }
        if (!a.versions().equals(b.versions())) {
            return "versions differ";
        }
        if (!a.numbers().equals(b.numbers())) {
            return "numbers differ";
        }
        if (!a.units().equals(b.units())) {
            return "units differ";
        }
        if (!a.times().equals(b.times())) {
            return "time differs";
        }
        if (a.negations() != b.negations()) {
            return "negation differs";
        }
        if (!namesAgree(a, b) || !namesAgree(b, a)) {
            return "names differ";
        }
        if (ConnectorRoles.firstDisagreement(a.roles(), b.roles()) != null) {
            return "direction differs";
        }
        String axis = axisDifference(a, b);
        if (axis != null) {
            return axis;
        }
        if (!a.formats().equals(b.formats())) {
            return "format differs";
        }
        if (!a.scope().equals(b.scope())) {
            return "scope differs";
        }
        if (fewWordsSwapped(a, b)) {
            return "a key word differs";
        }
        return null;
    }

    /**
     * The texts are the same but for one or two content words swapped for others that are not forms or
     * typos of them: "reset my password" / "reset my username", "to my credit card" / "to my bank
     * account". Such a swap nearly always changes the subject; the short synonyms it also refuses
     * ("quickest" / "fastest") cost a provider call, not a wrong answer.
     */
    private static boolean fewWordsSwapped(PromptFeatures a, PromptFeatures b) {
        List<String> onlyA = extras(a.words(), b.words());
        List<String> onlyB = extras(b.words(), a.words());
        onlyA.removeIf(x -> onlyB.removeIf(y -> sameWord(x, y)));
        return !onlyA.isEmpty() && !onlyB.isEmpty() && onlyA.size() <= MAX_SWAPPED && onlyB.size() <= MAX_SWAPPED;
    }

    /** The content words of {@code a} that {@code b} lacks, numbers and units aside (compared already). */
    private static List<String> extras(Set<String> a, Set<String> b) {
        List<String> extra = new ArrayList<>();
        for (String w : a) {
            boolean measure = Character.isDigit(w.charAt(0))
                    || Lexicon.UNITS.containsKey(w)
                    || Lexicon.NUMBER_WORDS.containsKey(w);
            if (!b.contains(w) && !measure && !Lexicon.FUNCTION_WORDS.contains(w)) {
                extra.add(w);
            }
        }
        return extra;
    }

    /**
     * Forms of one word ("accept" / "accepted"), a typo of it ("subscripton"), or two spellings of one
     * number or unit ("km" / "kilometers", "five" / "5"), which their own rules already compared.
     */
    private static String canonical(String w) {
        String unit = Lexicon.UNITS.get(w);
        if (unit != null) {
            return unit;
        }
        return Lexicon.NUMBER_WORDS.getOrDefault(w, w);
    }

    private static boolean sameWord(String x, String y) {
        if (canonical(x).equals(canonical(y))) {
            return true;
        }
        int shorter = Math.min(x.length(), y.length());
        int prefix = 0;
        while (prefix < shorter && x.charAt(prefix) == y.charAt(prefix)) {
            prefix++;
        }
        return (shorter >= 4 && prefix >= shorter - 1) || (shorter >= 5 && Spelling.withinOneEdit(x, y));
    }

    /** Literal parts agree when each one of either text appears, as written, in the other text. */
    private static boolean literalsAgree(Set<String> a, Set<String> b, String textA, String textB) {
        for (String s : a) {
            if (!b.contains(s) && !textB.contains(s)) {
                return false;
            }
        }
        for (String s : b) {
            if (!a.contains(s) && !textA.contains(s)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every name of {@code a} is a word of {@code b}: a name capitalised in one text and not the other
     * (sentence start, a lowercase typing) is still the same name.
     */
    private static boolean namesAgree(PromptFeatures a, PromptFeatures b) {
        for (String name : a.names()) {
            if (!b.names().contains(name) && !b.words().contains(name)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Two texts differ on an axis when both take a side and the sides differ, or when only one takes a
     * side with a word that is not also a common preposition or filler ("off" counts alone, "on" only
     * against "off").
     */
    private static @Nullable String axisDifference(PromptFeatures a, PromptFeatures b) {
        for (int i = 0; i < Lexicon.AXES.size(); i++) {
            Set<Character> sa = a.axisSides().get(i);
            Set<Character> sb = b.axisSides().get(i);
            if (sa.equals(sb)) {
                continue;
            }
            boolean both = !sa.isEmpty() && !sb.isEmpty();
            if (both
                    || !a.strongAxisSides().get(i).isEmpty()
                    || !b.strongAxisSides().get(i).isEmpty()) {
                return Lexicon.AXES.get(i).reason();
            }
        }
        return null;
    }
}
