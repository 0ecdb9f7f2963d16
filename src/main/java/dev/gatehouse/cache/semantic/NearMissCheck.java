package dev.gatehouse.cache.semantic;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Rejects the pairs sentence embeddings score close but that ask for different answers: the texts
 * differ in code or quoted strings, pasted text, numbers, versions, units, time, negation, names,
 * direction or degree words, output format, or scope words. Everything is compared as sets of
 * normalised words, so reordering, case, punctuation, politeness and filler change nothing, and a typo
 * in a class word is read as the word meant ({@link Spelling}).
 *
 * <p>Errs towards rejecting: a rejected paraphrase costs one provider call, a wrong answer costs trust.
 * Pure and allocation-light (tens of microseconds for a prompt), so it runs on the event loop.
 */
public final class NearMissCheck implements MeaningCheck {

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
        return null;
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
