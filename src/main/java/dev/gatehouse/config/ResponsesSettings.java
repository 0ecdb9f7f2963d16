package dev.gatehouse.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Responses API's kept responses ({@code responses:}).
 *
 * @param retention how long a response kept with {@code store: true} can be read and continued
 *     ({@code retention}, e.g. {@code 30d}); expired ones are purged
 */
public record ResponsesSettings(Duration retention) {

    /** OpenAI keeps stored responses for 30 days by default ("Conversation state" guide). */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

    private static final Pattern DAYS = Pattern.compile("(\\d+)d");

    public static ResponsesSettings defaults() {
        return new ResponsesSettings(DEFAULT_RETENTION);
    }

    static ResponsesSettings read(@Nullable ConfigNode node) {
        if (node == null) {
            return defaults();
        }
        Duration retention = DEFAULT_RETENTION;
        if (node.has("retention")) {
            // Retention is counted in days; the other duration fields have no unit that long.
            String text = node.scalarText("retention");
            Matcher days = DAYS.matcher(text == null ? "" : text.trim());
            retention = days.matches()
                    ? Duration.ofDays(Long.parseLong(days.group(1)))
                    : node.duration("retention", DEFAULT_RETENTION);
        }
        if (retention.isZero() || retention.isNegative()) {
            node.problem("retention", "must be longer than zero");
            retention = DEFAULT_RETENTION;
        }
        node.finish();
        return new ResponsesSettings(retention);
    }
}
