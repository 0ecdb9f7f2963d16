package dev.gatehouse.guardrail.pii;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iban4j.IbanUtil;

/**
 * International bank account numbers, compact or in groups of four. iban4j checks each candidate
 * against its country's registered length and BBAN structure and the ISO 13616 mod-97 check digits,
 * which is stricter than mod-97 alone: a random 2-letter, 2-digit word followed by digits passes
 * mod-97 one time in 97, but rarely also matches the country's structure.
 */
final class IbanDetector implements PiiDetector {

    static final int SPECIFICITY = 80;

    private static final Pattern COMPACT =
            Pattern.compile("(?<![A-Za-z0-9])[A-Za-z]{2}\\d{2}[A-Za-z0-9]{11,30}(?![A-Za-z0-9])");
    private static final Pattern GROUPED = Pattern.compile(
            "(?<![A-Za-z0-9])[A-Za-z]{2}\\d{2}(?: [A-Za-z0-9]{4}){2,7}(?: [A-Za-z0-9]{1,3})?(?![A-Za-z0-9])");

    @Override
    public void find(String text, List<PiiMatch> out) {
        Matcher m = COMPACT.matcher(text);
        while (m.find()) {
            if (IbanUtil.isValid(m.group().toUpperCase(Locale.ROOT))) {
                out.add(new PiiMatch(m.start(), m.end(), PiiEntity.IBAN.id(), SPECIFICITY));
            }
        }
        Matcher g = GROUPED.matcher(text);
        while (g.find()) {
            findGrouped(g.group(), g.start(), out);
        }
    }

    /**
     * A grouped candidate may have taken in the next word ({@code ... 0130 00 THEN}), so shorter
     * prefixes that end at a group boundary are tried too, longest first.
     */
    private static void findGrouped(String raw, int offset, List<PiiMatch> out) {
        for (int end = raw.length(); end > 4; end = raw.lastIndexOf(' ', end - 1)) {
            String compact = raw.substring(0, end).replace(" ", "").toUpperCase(Locale.ROOT);
            if (compact.length() >= 15 && IbanUtil.isValid(compact)) {
                out.add(new PiiMatch(offset, offset + end, PiiEntity.IBAN.id(), SPECIFICITY));
                return;
            }
        }
    }
}
