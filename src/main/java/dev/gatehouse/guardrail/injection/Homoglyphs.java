package dev.gatehouse.guardrail.injection;

/**
 * Maps Cyrillic and Greek letters that look like Latin ones ({@code і}, {@code о}, {@code е}, {@code ο})
 * to those Latin letters, but only inside words that also hold Latin letters: a word that mixes
 * scripts is a disguise, while a whole Russian or Greek word is just Russian or Greek (and the
 * multilingual patterns must still see it).
 */
final class Homoglyphs {

    // Lower-case look-alikes only: the text is lower-cased before this runs.
    private static final String FROM = "аеорсухіјѕԁɡԛԝүһӏαοερτυνικχ";
    private static final String TO = "aeopcyxijsdgqwyhlaoeptuvikx";

    private Homoglyphs() {}

    /** {@code text} with mixed words folded to Latin; {@code mixed[0]} counts the words folded. */
    static String foldMixedWords(String text, int[] mixed) {
        StringBuilder out = null;
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!Character.isLetter(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            boolean latin = false;
            boolean lookAlike = false;
            while (i < n && Character.isLetter(text.charAt(i))) {
                char c = text.charAt(i);
                latin |= c < 0x250;
                lookAlike |= FROM.indexOf(c) >= 0;
                i++;
            }
            if (latin && lookAlike) {
                if (out == null) {
                    out = new StringBuilder(text);
                }
                mixed[0]++;
                for (int j = start; j < i; j++) {
                    int k = FROM.indexOf(text.charAt(j));
                    if (k >= 0) {
                        out.setCharAt(j, TO.charAt(k));
                    }
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
