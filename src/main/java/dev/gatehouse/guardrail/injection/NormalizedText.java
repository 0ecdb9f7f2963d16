package dev.gatehouse.guardrail.injection;

import java.text.Normalizer;
import java.util.Locale;

/**
 * A text as the scorer reads it: NFKC (full-width and styled letters become plain ones), lower case,
 * invisible characters removed, Cyrillic and Greek look-alikes inside Latin words mapped to Latin,
 * runs of spaces and tabs collapsed (line breaks kept, since role spoofing is about line starts). It
 * also counts the tricks it undid, which are signals in themselves.
 *
 * @param text the normalised text
 * @param invisible zero-width, soft-hyphen and word-joiner characters removed
 * @param bidi bidirectional override and isolate controls removed
 * @param tags Unicode tag characters (U+E0000 block, used to smuggle invisible ASCII) removed
 * @param mixedScriptWords words that mixed Latin letters with Cyrillic or Greek look-alikes
 */
record NormalizedText(String text, int invisible, int bidi, int tags, int mixedScriptWords) {

    static NormalizedText of(String raw) {
        int invisible = 0;
        int bidi = 0;
        int tags = 0;
        StringBuilder visible = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); ) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 0xE0000 && cp <= 0xE007F) {
                tags++;
            } else if (cp == 0x200B
                    || cp == 0x200C
                    || cp == 0x200D
                    || cp == 0x2060
                    || cp == 0xFEFF
                    || cp == 0x00AD
                    || cp == 0x180E
                    || (cp >= 0x2061 && cp <= 0x2064)) {
                invisible++;
            } else if ((cp >= 0x202A && cp <= 0x202E)
                    || (cp >= 0x2066 && cp <= 0x2069)
                    || cp == 0x200E
                    || cp == 0x200F) {
                bidi++;
            } else {
                visible.appendCodePoint(cp);
            }
        }
        // ASCII is its own NFKC form, and most prompts are ASCII: skip the normaliser's pass for them.
        String plain = visible.toString();
        String folded =
                (ascii(plain) ? plain : Normalizer.normalize(plain, Normalizer.Form.NFKC)).toLowerCase(Locale.ROOT);
        int[] mixed = {0};
        String latin = Homoglyphs.foldMixedWords(folded, mixed);
        return new NormalizedText(collapseSpaces(latin), invisible, bidi, tags, mixed[0]);
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String collapseSpaces(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                trimTrailingSpace(out);
                out.append('\n');
                space = false;
            } else if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = true;
            } else {
                if (space && out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                    out.append(' ');
                }
                space = false;
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void trimTrailingSpace(StringBuilder out) {
        while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') {
            out.setLength(out.length() - 1);
        }
    }
}
