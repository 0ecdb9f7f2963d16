package dev.gatehouse.guardrail.injection;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One pattern the scorer looks for in the normalised text, and what it adds to the score when found.
 * Several rules may share a signal (phrasings of one idea); a signal counts once, at its heaviest rule.
 * A negative weight marks context that makes a look-alike benign. {@code triggers}, when not empty,
 * are substrings one of which the text must hold for the pattern to be worth running (otherwise the
 * signal's triggers in {@link InjectionRules#TRIGGERS} apply).
 */
record Rule(String signal, double weight, Pattern pattern, List<String> triggers) {

    static Rule of(String signal, double weight, String regex) {
        return new Rule(signal, weight, Pattern.compile(regex), List.of());
    }

    /** For patterns over non-Latin scripts, where {@code \w} and {@code \b} must know Unicode letters. */
    static Rule unicode(String signal, double weight, String regex, String... triggers) {
        return new Rule(signal, weight, Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS), List.of(triggers));
    }

    /** Whether {@code text} may match: it holds one of the triggers. */
    boolean mayMatch(String text) {
        return triggers.isEmpty() ? InjectionRules.mayMatch(signal, text) : InjectionRules.containsAny(text, triggers);
    }
}
