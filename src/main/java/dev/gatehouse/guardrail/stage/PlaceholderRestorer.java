package dev.gatehouse.guardrail.stage;

import java.util.Map;

/**
 * Puts the client's own values back where an answer repeats the placeholders an input guardrail sent
 * to the provider instead ({@code mask_and_restore}). For a stream, text arrives in pieces and a
 * placeholder may be split across two of them, so {@link #feed} holds back only the end of the text
 * that could still become a placeholder, and {@link #flush} gives it up at the end. Not thread-safe.
 */
final class PlaceholderRestorer {

    private final Map<String, String> restore;
    private final StringBuilder held = new StringBuilder();

    PlaceholderRestorer(Map<String, String> restore) {
        this.restore = Map.copyOf(restore);
    }

    boolean isEmpty() {
        return restore.isEmpty();
    }

    /** {@code text} with every placeholder in it replaced (a whole text: nothing held back). */
    String restoreAll(String text) {
        String out = text;
        for (Map.Entry<String, String> e : restore.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    /** The restored text that is safe to send now; a possible placeholder's start stays held. */
    String feed(String piece) {
        held.append(piece);
        String text = restoreAll(held.toString());
        int keep = possiblePrefix(text);
        held.setLength(0);
        held.append(text, text.length() - keep, text.length());
        return text.substring(0, text.length() - keep);
    }

    /** What is still held, at the end of the text. */
    String flush() {
        String rest = held.toString();
        held.setLength(0);
        return rest;
    }

    /** The length of the longest end of {@code text} that is the start of some placeholder. */
    private int possiblePrefix(String text) {
        int best = 0;
        for (String placeholder : restore.keySet()) {
            int max = Math.min(placeholder.length() - 1, text.length());
            for (int n = max; n > best; n--) {
                if (text.regionMatches(text.length() - n, placeholder, 0, n)) {
                    best = n;
                    break;
                }
            }
        }
        return best;
    }
}
