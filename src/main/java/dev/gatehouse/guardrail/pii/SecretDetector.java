package dev.gatehouse.guardrail.pii;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API keys and secrets: keys with a vendor's published prefix (OpenAI {@code sk-}, Anthropic
 * {@code sk-ant-}, AWS {@code AKIA}/{@code ASIA}, GitHub {@code ghp_} and kin, Slack {@code xox?-},
 * Google {@code AIza}, Stripe {@code sk_live_}, GitLab {@code glpat-}, Hugging Face {@code hf_}), JWTs,
 * PEM private keys and bearer tokens; then any other long token that looks random: mixed case and
 * digits with a Shannon entropy of at least {@value #MIN_ENTROPY} bits per character. Hex digests and
 * UUIDs are not secrets by this rule (one case, low entropy per character).
 */
final class SecretDetector implements PiiDetector {

    static final int PREFIXED = 90;
    static final int PRIVATE_KEY = 95;
    static final int RANDOM = 10;
    static final double MIN_ENTROPY = 4.0;
    static final int MIN_RANDOM_LENGTH = 32;

    private static final Pattern KNOWN = Pattern.compile("(?<![A-Za-z0-9_\\-])(?:"
            + "sk-ant-[A-Za-z0-9_\\-]{20,}"
            + "|sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\\-]{20,}"
            + "|(?:AKIA|ASIA)[0-9A-Z]{16}"
            + "|gh[pousr]_[A-Za-z0-9]{30,}"
            + "|github_pat_[A-Za-z0-9_]{40,}"
            + "|xox[abeprs]-[A-Za-z0-9\\-]{10,}"
            + "|AIza[0-9A-Za-z_\\-]{35}"
            + "|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}"
            + "|glpat-[A-Za-z0-9_\\-]{20,}"
            + "|hf_[A-Za-z0-9]{30,}"
            + "|eyJ[A-Za-z0-9_\\-]{8,}\\.eyJ[A-Za-z0-9_\\-]{8,}\\.[A-Za-z0-9_\\-]{16,}"
            + ")(?![A-Za-z0-9_\\-])");
    private static final Pattern BEARER = Pattern.compile("(?i:\\bbearer)\\s+[A-Za-z0-9._~+/\\-]{20,}=*");
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY-----[A-Za-z0-9+/=\\s:,\\-]{0,16384}?-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY-----");
    private static final Pattern TOKEN =
            Pattern.compile("(?<![A-Za-z0-9+/_\\-])[A-Za-z0-9+/_\\-]{32,512}+={0,2}(?![A-Za-z0-9+/_=\\-])");

    @Override
    public void find(String text, List<PiiMatch> out) {
        add(KNOWN.matcher(text), PREFIXED, out);
        add(BEARER.matcher(text), PREFIXED, out);
        if (text.contains("-----BEGIN ")) {
            add(PEM.matcher(text), PRIVATE_KEY, out);
        }
        Matcher t = TOKEN.matcher(text);
        while (t.find()) {
            if (looksRandom(t.group())) {
                out.add(new PiiMatch(t.start(), t.end(), PiiEntity.SECRET.id(), RANDOM));
            }
        }
    }

    private static void add(Matcher m, int specificity, List<PiiMatch> out) {
        while (m.find()) {
            out.add(new PiiMatch(m.start(), m.end(), PiiEntity.SECRET.id(), specificity));
        }
    }

    static boolean looksRandom(String token) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        int[] counts = new int[128];
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
            counts[c & 127]++;
        }
        return upper && lower && digit && entropy(counts, token.length()) >= MIN_ENTROPY;
    }

    /** Shannon entropy of the characters, in bits per character. */
    static double entropy(int[] counts, int length) {
        double bits = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / length;
                bits -= p * (Math.log(p) / Math.log(2));
            }
        }
        return bits;
    }
}
