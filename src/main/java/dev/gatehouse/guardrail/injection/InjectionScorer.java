package dev.gatehouse.guardrail.injection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Scores a text for prompt injection: normalises it ({@link NormalizedText}), then sums the weights
 * of the signals found: the phrase patterns ({@link InjectionRules}), instructions hidden in base64,
 * hex or rot13, invisible or smuggled characters, mixed-script words, and (subtracted) an everyday
 * technical setting that makes a look-alike benign. Stateless and thread-safe; linear in the text.
 */
public final class InjectionScorer {

    /** "DAN" is a name in lower case; the jailbreak persona is written in capitals. */
    private static final Pattern DAN = Pattern.compile("\\bDAN\\b(?!['’]s\\b)");

    public InjectionScore score(String raw) {
        NormalizedText n = NormalizedText.of(raw);
        String text = n.text();
        Map<String, Double> signals = new LinkedHashMap<>();
        Map<String, Boolean> possible = new HashMap<>();
        for (Rule r : InjectionRules.PHRASES) {
            Double had = signals.get(r.signal());
            if ((had == null || Math.abs(r.weight()) > Math.abs(had))
                    && r.mayMatch(text)
                    && r.pattern().matcher(text).find()) {
                signals.put(r.signal(), r.weight());
            }
        }
        if (DAN.matcher(raw).find()) {
            signals.merge("dan_jailbreak", 0.8, Math::max);
        }
        if (n.tags() > 0) {
            signals.put("unicode_smuggling", 1.0);
        }
        if (n.invisible() >= 3 || n.bidi() > 0) {
            signals.put("invisible_characters", 0.4);
        }
        if (n.mixedScriptWords() > 0) {
            signals.put("homoglyphs", n.mixedScriptWords() >= 2 ? 0.5 : 0.3);
        }
        if (EncodedPayloads.hidesInstructions(stripInvisible(raw), text)) {
            signals.put("encoded_payload", 1.0);
        }
        double total =
                signals.values().stream().mapToDouble(Double::doubleValue).sum();
        for (Rule context : List.of(InjectionRules.TECHNICAL_CONTEXT, InjectionRules.META_DISCUSSION)) {
            if (total > 0 && context.pattern().matcher(text).find()) {
                total += context.weight();
            }
        }
        List<Map.Entry<String, Double>> found = new ArrayList<>(signals.entrySet());
        found.removeIf(e -> e.getValue() <= 0);
        found.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()));
        return new InjectionScore(
                Math.max(0, total), found.stream().map(Map.Entry::getKey).toList());
    }

    private static String stripInvisible(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        raw.codePoints()
                .filter(cp -> !(cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF))
                .forEach(out::appendCodePoint);
        return out.toString();
    }
}
