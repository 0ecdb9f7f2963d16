package dev.gatehouse.usage;

/**
 * Splits text into the pieces {@code cl100k_base} merges, without a regex. The pieces are those of
 * its pattern, matched with Java's {@code UNICODE_CHARACTER_CLASS}:
 *
 * <pre>
 * '(?i:[sdmt]|ll|ve|re) | [^\r\n\p{L}\p{N}]?\p{L}+ | \p{N}{1,3} | ' '?[^\s\p{L}\p{N}]+[\r\n]* | \s*[\r\n]+ | \s+(?!\S) | \s+
 * </pre>
 *
 * and jtokkit's hand-written parser for it (letters up to U+323AF, numbers up to U+1FBF9, a lone
 * surrogate is punctuation). Every character belongs to some piece, so the pieces follow each other.
 */
final class Cl100kPieces {

    private Cl100kPieces() {}

    /** Where the piece that starts at {@code start} ends (exclusive). */
    static int end(String text, int start) {
        int length = text.length();
        int c0 = text.codePointAt(start);
        int afterC0 = start + Character.charCount(c0);
        int c1 = afterC0 < length ? text.codePointAt(afterC0) : -1;
        if (c0 == '\'' && c1 >= 0) {
            if (isShortContraction(c1)) {
                return start + 2;
            }
            if (start + 2 < length && isLongContraction(c1, text.charAt(start + 2))) {
                return start + 3;
            }
        }
        if (isLetter(c0) || (c1 >= 0 && !isNewline(c0) && !isLetterOrNumber(c0) && isLetter(c1))) {
            int i = isLetter(c0) ? afterC0 : afterC0 + Character.charCount(c1);
            while (i < length) {
                int c = text.codePointAt(i);
                if (!isLetter(c)) {
                    break;
                }
                i += Character.charCount(c);
            }
            return i;
        }
        if (isNumber(c0)) {
            int i = afterC0;
            for (int digits = 1; digits < 3 && i < length; digits++) {
                int c = text.codePointAt(i);
                if (!isNumber(c)) {
                    break;
                }
                i += Character.charCount(c);
            }
            return i;
        }
        if (isPunctuation(c0) || (c0 == ' ' && c1 >= 0 && isPunctuation(c1))) {
            int i = afterC0;
            while (i < length) {
                int c = text.codePointAt(i);
                if (!isPunctuation(c)) {
                    break;
                }
                i += Character.charCount(c);
            }
            while (i < length && isNewline(text.charAt(i))) {
                i++;
            }
            return i;
        }
        // Whitespace (every whitespace character is one UTF-16 unit).
        int runEnd = start;
        int lastNewline = -1;
        while (runEnd < length && isWhitespace(text.charAt(runEnd))) {
            if (isNewline(text.charAt(runEnd))) {
                lastNewline = runEnd;
            }
            runEnd++;
        }
        if (lastNewline >= 0) {
            return lastNewline + 1;
        }
        // \s+(?!\S): all of a run at the end of the text; else all but its last character, which goes with the next
        // piece.
        return runEnd == length || runEnd - start == 1 ? runEnd : runEnd - 1;
    }

    private static boolean isShortContraction(int c) {
        // Case-insensitive under Unicode rules: U+017F (long s) upper-cases to S.
        return c == 's'
                || c == 'd'
                || c == 'm'
                || c == 't'
                || c == 'S'
                || c == 'D'
                || c == 'M'
                || c == 'T'
                || c == 0x17F;
    }

    private static boolean isLongContraction(int c1, int c2) {
        int a = Character.toUpperCase(c1);
        int b = Character.toUpperCase(c2);
        return (a == 'L' && b == 'L') || (a == 'V' && b == 'E') || (a == 'R' && b == 'E');
    }

    private static boolean isNewline(int c) {
        return c == '\r' || c == '\n';
    }

    static boolean isLetter(int c) {
        if (c < 0xAA) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        }
        if (c > 0x323AF) {
            return false;
        }
        switch (Character.getType(c)) {
            case Character.UPPERCASE_LETTER:
            case Character.LOWERCASE_LETTER:
            case Character.TITLECASE_LETTER:
            case Character.MODIFIER_LETTER:
            case Character.OTHER_LETTER:
                return true;
            default:
                return false;
        }
    }

    static boolean isNumber(int c) {
        if (c < 0xB2) {
            return c >= '0' && c <= '9';
        }
        if (c > 0x1FBF9) {
            return false;
        }
        switch (Character.getType(c)) {
            case Character.DECIMAL_DIGIT_NUMBER:
            case Character.LETTER_NUMBER:
            case Character.OTHER_NUMBER:
                return true;
            default:
                return false;
        }
    }

    private static boolean isLetterOrNumber(int c) {
        return isLetter(c) || isNumber(c);
    }

    /** {@code \s} under {@code UNICODE_CHARACTER_CLASS}: the Unicode White_Space property. */
    static boolean isWhitespace(int c) {
        if (c <= ' ') {
            return c == ' ' || (c >= '\t' && c <= '\r');
        }
        if (c < 0x85) {
            return false;
        }
        return c == 0x85
                || c == 0xA0
                || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A)
                || c == 0x2028
                || c == 0x2029
                || c == 0x202F
                || c == 0x205F
                || c == 0x3000;
    }

    /** {@code [^\s\p{L}\p{N}]}. */
    private static boolean isPunctuation(int c) {
        return !isWhitespace(c) && !isLetterOrNumber(c);
    }
}
