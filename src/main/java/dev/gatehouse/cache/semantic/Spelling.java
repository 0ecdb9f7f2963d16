package dev.gatehouse.cache.semantic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a misspelt class word as the word it is one edit from ("tomorow" → "tomorrow", "dissable" →
 * "disable"), so a typo in one text does not look like a different time or direction. Only words of
 * six letters or more, never a change at the end (that is another form: "advance" / "advanced"), only
 * towards the classes where one word matters, and only when exactly one class word is that close;
 * written numbers and names are never a target ("there" is one swap from "three", "finish" one letter
 * from "finnish").
 */
final class Spelling {

    private static final int MIN_LENGTH = 6;

    /** Class words by first letter. */
    private static final Map<Character, List<String>> TARGETS = targets();

    private static final Set<String> VOCABULARY = vocabulary();

    private Spelling() {}

    static String correct(String word) {
        if (word.length() < MIN_LENGTH
                || VOCABULARY.contains(word)
                || !word.chars().allMatch(Character::isLetter)) {
            return word;
        }
        List<String> candidates = TARGETS.getOrDefault(word.charAt(0), List.of());
        String found = null;
        for (String c : candidates) {
            if (Math.abs(c.length() - word.length()) <= 1 && withinOneEdit(word, c) && !inflection(word, c)) {
                if (found != null) {
                    return word;
                }
                found = c;
            }
        }
        return found == null ? word : found;
    }

    /**
     * Whether the two differ only in their last letter or by one letter added at the end ("advance" /
     * "advanced"): that is another form of a word, or another word, rather than a typo.
     */
    private static boolean inflection(String a, String b) {
        String shorter = a.length() <= b.length() ? a : b;
        String longer = a.length() <= b.length() ? b : a;
        int common = shorter.length() - 1;
        if (!shorter.regionMatches(0, longer, 0, common)) {
            return false;
        }
        boolean doubledLast = longer.length() > shorter.length()
                && longer.endsWith(shorter.substring(common) + shorter.charAt(common));
        return !doubledLast; // "instal" for "install" is a typo
    }

    /** Optimal string alignment distance at most 1: one insertion, deletion, substitution or swap. */
    static boolean withinOneEdit(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        int la = a.length();
        int lb = b.length();
        if (la == lb) {
            int i = 0;
            while (a.charAt(i) == b.charAt(i)) {
                i++;
            }
            if (a.substring(i + 1).equals(b.substring(i + 1))) {
                return true;
            }
            return i + 1 < la
                    && a.charAt(i) == b.charAt(i + 1)
                    && a.charAt(i + 1) == b.charAt(i)
                    && a.substring(i + 2).equals(b.substring(i + 2));
        }
        String longer = la > lb ? a : b;
        String shorter = la > lb ? b : a;
        int i = 0;
        while (i < shorter.length() && longer.charAt(i) == shorter.charAt(i)) {
            i++;
        }
        return longer.substring(i + 1).equals(shorter.substring(i));
    }

    private static Set<String> vocabulary() {
        Set<String> v = new HashSet<>(targetWords());
        v.addAll(Lexicon.NUMBER_WORDS.keySet());
        v.addAll(Lexicon.COMMON_WORDS);
        v.addAll(Lexicon.UNITS_AFTER_NUMBER.keySet());
        return Set.copyOf(v);
    }

    private static Set<String> targetWords() {
        Set<String> t = new HashSet<>();
        t.addAll(Lexicon.TIME_WORDS);
        t.addAll(Lexicon.NEGATIONS);
        t.addAll(Lexicon.FORMATS.keySet());
        t.addAll(Lexicon.SCOPE_WORDS);
        for (Map.Entry<String, String> unit : Lexicon.UNITS.entrySet()) {
            t.add(unit.getKey());
        }
        for (Lexicon.Axis axis : Lexicon.AXES) {
            t.addAll(axis.plus());
            t.addAll(axis.minus());
        }
        t.removeIf(w -> w.length() < MIN_LENGTH - 1 || !w.chars().allMatch(Character::isLetter));
        return t;
    }

    private static Map<Character, List<String>> targets() {
        Map<Character, List<String>> byFirst = new HashMap<>();
        for (String w : targetWords()) {
            byFirst.computeIfAbsent(w.charAt(0), k -> new ArrayList<>()).add(w);
        }
        byFirst.replaceAll((k, list) -> List.copyOf(list));
        return Map.copyOf(byFirst);
    }
}
