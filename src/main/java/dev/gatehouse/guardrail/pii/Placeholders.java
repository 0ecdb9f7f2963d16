package dev.gatehouse.guardrail.pii;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The numbered placeholders of one check ({@code [EMAIL_1]}, {@code [EMAIL_2]}, ...): the same value
 * gets the same placeholder in every segment, and a number whose placeholder already appears in the
 * texts is skipped, so restoring never replaces the client's own words. One instance per check; not
 * thread-safe.
 */
final class Placeholders {

    private final String texts;
    private final Map<String, String> byValue = new HashMap<>();
    private final Map<String, Integer> lastNumber = new HashMap<>();
    private final Map<String, String> restore = new LinkedHashMap<>();

    /** @param texts everything the check reads, to avoid placeholders the texts already contain */
    Placeholders(String texts) {
        this.texts = texts;
    }

    String numbered(String type, String value) {
        String key = type + '\u0000' + value;
        String existing = byValue.get(key);
        if (existing != null) {
            return existing;
        }
        int n = lastNumber.getOrDefault(type, 0);
        String placeholder;
        do {
            n++;
            placeholder = "[" + type.toUpperCase(Locale.ROOT) + "_" + n + "]";
        } while (texts.contains(placeholder));
        lastNumber.put(type, n);
        byValue.put(key, placeholder);
        restore.put(placeholder, value);
        return placeholder;
    }

    static String plain(String type) {
        return "[" + type.toUpperCase(Locale.ROOT) + "]";
    }

    /** Placeholder to original value, in the order the placeholders were made. */
    Map<String, String> restore() {
        return restore;
    }
}
