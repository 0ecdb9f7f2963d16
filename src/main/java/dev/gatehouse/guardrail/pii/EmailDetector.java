package dev.gatehouse.guardrail.pii;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * E-mail addresses: a local part, {@code @}, and a domain whose last label is alphabetic, so
 * {@code pkg@1.2.3} (an npm version) and {@code user@localhost} are not addresses.
 */
final class EmailDetector implements PiiDetector {

    static final int SPECIFICITY = 60;

    // The look-behind makes a match start only where a run of local-part characters starts, so a long
    // run without '@' is scanned once rather than once per position.
    private static final Pattern EMAIL = Pattern.compile("(?<![A-Za-z0-9._%+\\-])[A-Za-z0-9._%+\\-]{1,64}"
            + "@[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,62}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,62}[A-Za-z0-9])?)*"
            + "\\.[A-Za-z]{2,24}(?![A-Za-z0-9\\-])");

    @Override
    public void find(String text, List<PiiMatch> out) {
        if (text.indexOf('@') < 0) {
            return;
        }
        Matcher m = EMAIL.matcher(text);
        while (m.find()) {
            out.add(new PiiMatch(m.start(), m.end(), PiiEntity.EMAIL.id(), SPECIFICITY));
        }
    }
}
