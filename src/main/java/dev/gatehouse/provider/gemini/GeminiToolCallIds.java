package dev.gatehouse.provider.gemini;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAI tool-call ids the Gemini adapter hands out, and the thought signatures they carry.
 *
 * <p>Gemini's function calls have no ids a client could echo (generateContent leaves
 * {@code FunctionCall.id} unset), so answers number them: {@code call_0}, {@code call_1}, ... in the
 * order of the candidate's parts. Thinking models also attach an opaque {@code thoughtSignature} to
 * a function-call part, and Gemini 3 rejects the next turn (HTTP 400, "Function call is missing a
 * thought_signature") unless that part comes back with its signature "exactly as received"
 * (ai.google.dev, "Thought Signatures"). OpenAI clients keep nothing but the id between turns, so
 * the signature rides inside it: {@code call_0_ts_<signature>}. The signature is standard base64
 * (proto3 JSON for {@code bytes}); the id carries it in the URL-safe alphabet without padding, so
 * the id stays within {@code [A-Za-z0-9_-]}, which every dialect accepts as a tool-call id.
 *
 * <p>Stateless and thread-safe.
 */
final class GeminiToolCallIds {

    private static final String PREFIX = "call_";
    private static final String SIGNATURE_MARK = "_ts_";
    private static final Pattern SIGNED = Pattern.compile("call_\\d+_ts_([A-Za-z0-9_-]+)");

    private GeminiToolCallIds() {}

    /** The id of the {@code n}th call of a candidate, carrying its thought signature if it has one. */
    static String encode(int n, @Nullable String thoughtSignature) {
        if (thoughtSignature == null || thoughtSignature.isEmpty()) {
            return PREFIX + n;
        }
        String urlSafe = thoughtSignature.replace('+', '-').replace('/', '_');
        int end = urlSafe.length();
        while (end > 0 && urlSafe.charAt(end - 1) == '=') {
            end--;
        }
        return PREFIX + n + SIGNATURE_MARK + urlSafe.substring(0, end);
    }

    /**
     * The thought signature an id from {@link #encode} carries, in standard padded base64; {@code null}
     * for ids without one (other providers' ids included).
     */
    static @Nullable String signatureOf(String id) {
        if (id == null) {
            return null;
        }
        Matcher m = SIGNED.matcher(id);
        if (!m.matches()) {
            return null;
        }
        StringBuilder signature = new StringBuilder(m.group(1).replace('-', '+').replace('_', '/'));
        while (signature.length() % 4 != 0) {
            signature.append('=');
        }
        return signature.toString();
    }
}
