package dev.gatehouse.metering;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Masks personal data and secrets in text kept in the audit log: e-mail addresses, card numbers
 * (13 to 19 digits that pass the Luhn check, with optional spaces or dashes), phone numbers
 * (9 to 15 digits in a phone's usual grouping, or {@code +} and digits), and strings that look like API keys (known vendor prefixes
 * such as {@code sk-}, {@code AKIA}, {@code AIza}, {@code ghp_}, {@code xox?-}, and bearer tokens).
 * Each match becomes a tag ({@code [EMAIL]}, {@code [CARD]}, {@code [PHONE]}, {@code [SECRET]}).
 * Stateless and thread-safe.
 */
public final class PiiScrubber {

    private static final Pattern SECRET = Pattern.compile(
            "\\b(?:sk-(?:ant-|proj-)?[A-Za-z0-9_\\-]{16,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_\\-]{35}|gh[pousr]_[A-Za-z0-9]{30,}"
                    + "|xox[abpr]-[A-Za-z0-9\\-]{10,}|(?i:bearer)\\s+[A-Za-z0-9._~+/\\-]{20,}=*)");
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+\\-]+@[A-Za-z0-9.\\-]+\\.[A-Za-z]{2,}");
    private static final Pattern CARD = Pattern.compile("\\b(?:\\d[ \\-]?){12,18}\\d\\b");
    /** Phone-shaped runs; {@link #phones} keeps those with 9 to 15 digits (E.164's maximum). */
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w+])(?:\\+\\d{1,3}[ .\\-]?)?(?:\\(\\d{1,4}\\)[ .\\-]?)?\\d{2,4}(?:[ .\\-]\\d{2,4}){1,4}(?![\\w])"
                    + "|(?<![\\w+])\\+\\d{9,15}(?![\\w])");

    private PiiScrubber() {}

    public static @Nullable String scrub(@Nullable String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = SECRET.matcher(text).replaceAll("[SECRET]");
        s = EMAIL.matcher(s).replaceAll("[EMAIL]");
        s = cards(s);
        return phones(s);
    }

    private static String phones(String text) {
        Matcher m = PHONE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            long digits = m.group().chars().filter(Character::isDigit).count();
            m.appendReplacement(out, digits >= 9 && digits <= 15 ? "[PHONE]" : Matcher.quoteReplacement(m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String cards(String text) {
        Matcher m = CARD.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, luhn(m.group()) ? "[CARD]" : Matcher.quoteReplacement(m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean luhn(String candidate) {
        int sum = 0;
        boolean doubled = false;
        int digits = 0;
        for (int i = candidate.length() - 1; i >= 0; i--) {
            char c = candidate.charAt(i);
            if (!Character.isDigit(c)) {
                continue;
            }
            int d = c - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
            digits++;
        }
        return digits >= 13 && sum % 10 == 0;
    }
}
