package dev.gatehouse.guardrail.pii;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * US social security numbers. An SSN has no check digit, so the format rules the Social Security
 * Administration publishes decide: area not 000, 666 or 900-999, group not 00, serial not 0000, and
 * not one of the numbers printed in advertising (078-05-1120, 219-09-9999). Written as {@code AAA-GG-SSSS}
 * (or with spaces); nine bare digits only right after a word that says it is an SSN.
 */
final class SsnDetector implements PiiDetector {

    static final int SPECIFICITY = 50;

    private static final Pattern GROUPED =
            Pattern.compile("(?<![\\d\\-])(\\d{3})([- ])(\\d{2})\\2(\\d{4})(?![\\d\\-])");
    private static final Pattern LABELLED = Pattern.compile(
            "(?i:\\b(?:ssn|social security(?: number| no\\.?)?)\\s*(?:#|no\\.?|number)?\\s*[:=]?\\s*)(\\d{3})(\\d{2})(\\d{4})(?!\\d)");

    @Override
    public void find(String text, List<PiiMatch> out) {
        Matcher m = GROUPED.matcher(text);
        while (m.find()) {
            if (valid(m.group(1), m.group(3), m.group(4))) {
                out.add(new PiiMatch(m.start(), m.end(), PiiEntity.SSN.id(), SPECIFICITY));
            }
        }
        Matcher l = LABELLED.matcher(text);
        while (l.find()) {
            if (valid(l.group(1), l.group(2), l.group(3))) {
                out.add(new PiiMatch(l.start(1), l.end(3), PiiEntity.SSN.id(), SPECIFICITY));
            }
        }
    }

    static boolean valid(String area, String group, String serial) {
        int a = Integer.parseInt(area);
        String whole = area + "-" + group + "-" + serial;
        return a != 0
                && a != 666
                && a < 900
                && !group.equals("00")
                && !serial.equals("0000")
                && !whole.equals("078-05-1120")
                && !whole.equals("219-09-9999");
    }
}
