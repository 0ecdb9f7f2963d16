package dev.gatehouse.guardrail.injection;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Instructions hidden in an encoding: base64 and hex blobs are decoded, and the text is read again in
 * rot13 and backwards; what comes out is checked against the strongest phrase patterns. A benign blob (an image, a
 * hash, a key) decodes to binary or to text without those phrases, so it adds nothing.
 */
final class EncodedPayloads {

    private static final Pattern BASE64 =
            Pattern.compile("(?<![A-Za-z0-9+/_\\-])[A-Za-z0-9+/_\\-]{16,4096}+={0,2}(?![A-Za-z0-9+/=_\\-])");
    private static final Pattern HEX =
            Pattern.compile("(?<![0-9A-Fa-f])(?:(?:\\\\x|0x)?[0-9A-Fa-f]{2}[ :]?){12,2048}+(?![0-9A-Fa-f])");
    private static final int MAX_BLOBS = 256;
    private static final List<String> KEY_WORDS =
            List.of("instruction", "ignor", "disregard", "prompt", "mode", "guideline", "rules", "safety", "freed");

    private EncodedPayloads() {}

    /** Whether {@code raw} (the text with invisible characters removed) hides instructions. */
    static boolean hidesInstructions(String raw, String normalized) {
        return decodedBlobs(BASE64.matcher(raw), EncodedPayloads::base64)
                || decodedBlobs(HEX.matcher(raw), EncodedPayloads::hex)
                || readsAsInstructions(rot13(normalized))
                || readsAsInstructions(new StringBuilder(normalized).reverse().toString());
    }

    private interface Decoder {
        byte[] decode(String blob);
    }

    private static boolean decodedBlobs(Matcher m, Decoder decoder) {
        int seen = 0;
        while (m.find() && seen++ < MAX_BLOBS) {
            byte[] bytes;
            try {
                bytes = decoder.decode(m.group());
            } catch (IllegalArgumentException e) {
                continue;
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (mostlyPrintable(text) && matchesAny(NormalizedText.of(text).text())) {
                return true;
            }
        }
        return false;
    }

    private static byte[] base64(String blob) {
        // Java's decoder does not need the padding; the URL-safe alphabet is mapped to the standard one.
        return Base64.getDecoder()
                .decode(blob.replace('-', '+').replace('_', '/').replace("=", ""));
    }

    private static byte[] hex(String blob) {
        String digits =
                blob.replace("\\x", "").replace("0x", "").replace(" ", "").replace(":", "");
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        return HexFormat.of().parseHex(digits);
    }

    private static boolean mostlyPrintable(String text) {
        if (text.length() < 8) {
            return false;
        }
        long printable = text.chars()
                .filter(c -> c >= 0x20 && c < 0x7f || c == '\n' || c == '\t')
                .count();
        return printable >= text.length() * 0.9;
    }

    /**
     * Whether a transformed text (rot13, reversed) holds instructions. Any long text transformed holds
     * a few short trigger words by chance, so the key words come first.
     */
    private static boolean readsAsInstructions(String transformed) {
        return InjectionRules.containsAny(transformed, KEY_WORDS) && matchesAny(transformed);
    }

    private static boolean matchesAny(String normalized) {
        List<Rule> rules = InjectionRules.DECODED;
        for (Rule r : rules) {
            if (r.mayMatch(normalized) && r.pattern().matcher(normalized).find()) {
                return true;
            }
        }
        return false;
    }

    static String rot13(String s) {
        char[] out = s.toCharArray();
        for (int i = 0; i < out.length; i++) {
            char c = out[i];
            if (c >= 'a' && c <= 'z') {
                out[i] = (char) ('a' + (c - 'a' + 13) % 26);
            } else if (c >= 'A' && c <= 'Z') {
                out[i] = (char) ('A' + (c - 'A' + 13) % 26);
            }
        }
        return new String(out);
    }
}
