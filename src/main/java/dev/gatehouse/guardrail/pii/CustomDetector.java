package dev.gatehouse.guardrail.pii;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A pattern from the config ({@code custom: [{name, pattern, action}]}), reported under its own name. */
final class CustomDetector implements PiiDetector {

    /** Above the built-in types: whoever wrote the pattern meant this text in particular. */
    static final int SPECIFICITY = 85;

    private final String type;
    private final Pattern pattern;

    CustomDetector(String type, Pattern pattern) {
        this.type = type;
        this.pattern = pattern;
    }

    @Override
    public void find(String text, List<PiiMatch> out) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            if (m.end() > m.start()) {
                out.add(new PiiMatch(m.start(), m.end(), type, SPECIFICITY));
            }
        }
    }
}
