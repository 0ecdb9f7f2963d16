package dev.gatehouse.guardrail.pii;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment card numbers: 12 to 19 digits, optionally grouped by one kind of separator (space or dash),
 * that pass the Luhn check and start with an issuer prefix whose network uses that length. Order
 * numbers, phone numbers and timestamps of the same length almost never satisfy all three.
 */
final class CardDetector implements PiiDetector {

    static final int SPECIFICITY = 70;

    private static final Pattern CANDIDATE =
            Pattern.compile("(?<![\\d\\-.,/])\\d(?:[ \\-]?\\d){11,18}(?![\\d\\-]|[.,/]\\d)");

    @Override
    public void find(String text, List<PiiMatch> out) {
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            String raw = m.group();
            if (oneSeparatorKind(raw)) {
                String digits = raw.replace(" ", "").replace("-", "");
                if (issuerAcceptsLength(digits) && luhn(digits) && !oneRepeatedDigit(digits)) {
                    out.add(new PiiMatch(m.start(), m.end(), PiiEntity.CARD.id(), SPECIFICITY));
                }
            }
        }
    }

    private static boolean oneSeparatorKind(String raw) {
        return !(raw.indexOf(' ') >= 0 && raw.indexOf('-') >= 0);
    }

    private static boolean oneRepeatedDigit(String digits) {
        return digits.chars().allMatch(c -> c == digits.charAt(0));
    }

    /** Issuer prefixes and lengths of the major networks (ISO/IEC 7812 IIN ranges as published by each). */
    static boolean issuerAcceptsLength(String d) {
        int n = d.length();
        int p2 = Integer.parseInt(d.substring(0, 2));
        int p3 = Integer.parseInt(d.substring(0, 3));
        int p4 = Integer.parseInt(d.substring(0, 4));
        int p6 = Integer.parseInt(d.substring(0, 6));
        if (d.charAt(0) == '4') {
            return n == 13 || n == 16 || n == 19; // Visa
        }
        if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
            return n == 16; // Mastercard
        }
        if (p2 == 34 || p2 == 37) {
            return n == 15; // American Express
        }
        if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 || (p6 >= 622126 && p6 <= 622925)) {
            return n >= 16 && n <= 19; // Discover
        }
        if (p4 >= 3528 && p4 <= 3589) {
            return n >= 16 && n <= 19; // JCB
        }
        if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39) {
            return n >= 14 && n <= 19; // Diners Club
        }
        if (p2 == 62 || p2 == 81) {
            return n >= 16 && n <= 19; // UnionPay
        }
        if (p2 == 50 || (p2 >= 56 && p2 <= 69)) {
            return n >= 12 && n <= 19; // Maestro
        }
        if (p4 >= 2200 && p4 <= 2204) {
            return n == 16; // Mir
        }
        return false;
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
