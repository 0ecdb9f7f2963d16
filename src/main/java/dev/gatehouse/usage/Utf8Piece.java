package dev.gatehouse.usage;

/**
 * UTF-8 encoding of a slice of a string into a caller's buffer, with the two treatments of a lone
 * surrogate jtokkit has: {@code String.getBytes} (o200k) writes {@code ?}; its cl100k parser writes
 * the surrogate's own three-byte form. Both encode well-formed text the same.
 */
final class Utf8Piece {

    static final boolean LONE_SURROGATE_AS_QUESTION_MARK = true;

    static final boolean LONE_SURROGATE_AS_THREE_BYTES = false;

    private Utf8Piece() {}

    /**
     * Writes {@code text[from..to)} into {@code out} (at least 3 bytes a char) and returns the byte
     * count.
     */
    static int encode(String text, int from, int to, byte[] out, boolean loneSurrogateAsQuestionMark) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                out[n++] = (byte) c;
            } else if (c < 0x800) {
                out[n++] = (byte) (0xC0 | (c >> 6));
                out[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                out[n++] = (byte) (0xF0 | (cp >> 18));
                out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[n++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c) && loneSurrogateAsQuestionMark) {
                out[n++] = '?';
            } else {
                out[n++] = (byte) (0xE0 | (c >> 12));
                out[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[n++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return n;
    }
}
