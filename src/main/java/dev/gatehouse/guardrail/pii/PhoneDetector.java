package dev.gatehouse.guardrail.pii;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Phone numbers, found and validated by libphonenumber ({@code findNumbers} at leniency {@code VALID})
 * for each configured region: numbers in international form ({@code +44 20 ...}) are found whatever the
 * region, national forms ({@code (020) 7946 0958}) only for the regions listed. libphonenumber's matcher
 * costs tens of milliseconds over 20 KB of prose, so it only sees the short runs of digits and phone
 * punctuation with at least {@value #MIN_DIGITS} digits, found here in one pass, that parse as a valid
 * number of the region.
 */
final class PhoneDetector implements PiiDetector {

    static final int SPECIFICITY = 30;
    static final int MIN_DIGITS = 7;

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    /** libphonenumber's unknown region: a number written with its country code needs no other. */
    private static final List<String> INTERNATIONAL = List.of("ZZ");

    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(?: \\d{2})?");

    private final List<String> regions;

    PhoneDetector(List<String> regions) {
        this.regions = regions.isEmpty() ? INTERNATIONAL : List.copyOf(regions);
    }

    @Override
    public void find(String text, List<PiiMatch> out) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!startsRun(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            int lastDigit = -1;
            int digits = 0;
            while (i < n && inRun(text.charAt(i))) {
                if (Character.isDigit(text.charAt(i))) {
                    digits++;
                    lastDigit = i;
                }
                i++;
            }
            if (digits >= MIN_DIGITS && lastDigit > start) {
                matchRun(text, start, lastDigit + 1, digits, out);
            }
        }
    }

    /**
     * Runs libphonenumber's matcher over one candidate run (with one character of context on each side)
     * for each region where the run parses as a valid number; the cheaper parse-and-validate comes
     * first because most runs in prose (dates, ids, amounts) are no phone number anywhere. A run with
     * more digits than one number can have (E.164: 15) may hold several and goes to the matcher as is.
     */
    private void matchRun(String text, int start, int end, int digits, List<PiiMatch> out) {
        String candidate = text.substring(start, end);
        if (ISO_DATE.matcher(candidate).matches()) {
            return;
        }
        int from = Math.max(0, start - 1);
        int to = Math.min(text.length(), end + 1);
        String window = text.substring(from, to);
        // One number written with its country code needs no region; a run of several may hold national ones.
        List<String> tryRegions = candidate.startsWith("+") && digits <= 15 ? INTERNATIONAL : regions;
        for (String region : tryRegions) {
            if (digits <= 15 && !validIn(candidate, region)) {
                continue;
            }
            for (PhoneNumberMatch m :
                    PHONES.findNumbers(window, region, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
                out.add(new PiiMatch(from + m.start(), from + m.end(), PiiEntity.PHONE.id(), SPECIFICITY));
            }
        }
    }

    private static boolean validIn(String candidate, String region) {
        try {
            return PHONES.isValidNumber(PHONES.parse(candidate, region));
        } catch (NumberParseException e) {
            return false;
        }
    }

    private static boolean startsRun(char c) {
        return (c >= '0' && c <= '9') || c == '+' || c == '(';
    }

    private static boolean inRun(char c) {
        return (c >= '0' && c <= '9')
                || c == ' '
                || c == '-'
                || c == '.'
                || c == '('
                || c == ')'
                || c == '/'
                || c == '+'
                || c == '\u00a0';
    }
}
