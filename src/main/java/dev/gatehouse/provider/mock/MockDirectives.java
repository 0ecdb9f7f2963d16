package dev.gatehouse.provider.mock;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Per-request fault injection written into the prompt, so a test can script one request without
 * reconfiguring the mock: {@code [mock:status=503]}, {@code [mock:latency=250ms]},
 * {@code [mock:truncate=3]}, {@code [mock:interval=50ms]}, {@code [mock:words=5]}. Several may appear,
 * as separate brackets or comma-separated in one. Only the text of the last user message is read, so
 * a directive in the history does not haunt every later turn. Immutable.
 *
 * @param status answer with this HTTP status (400 to 599) and an OpenAI error body
 * @param latency wait this long before answering, instead of the configured latency
 * @param truncate send this many stream chunks (or half the JSON body) and then cut the connection
 * @param interval pace stream chunks this far apart, instead of the configured interval
 * @param words reply with this many words, instead of the configured count
 */
record MockDirectives(
        OptionalInt status,
        Optional<Duration> latency,
        OptionalInt truncate,
        Optional<Duration> interval,
        OptionalInt words) {

    static final MockDirectives NONE = new MockDirectives(
            OptionalInt.empty(), Optional.empty(), OptionalInt.empty(), Optional.empty(), OptionalInt.empty());

    private static final String OPEN = "[mock:";

    /**
     * Directives arrive in prompts, possibly from anyone who can reach the gateway, so a reply's
     * length is bounded rather than left to allocate whatever a prompt asks for.
     */
    private static final int MAX_WORDS = 100_000;

    /** Reads the directives of the last user message of an OpenAI {@code messages} array. */
    static MockDirectives fromMessages(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if ("user".equals(message.path("role").asText())) {
                return fromContent(message.path("content"));
            }
        }
        return NONE;
    }

    private static MockDirectives fromContent(JsonNode content) {
        if (content.isTextual()) {
            return parse(content.asText());
        }
        MockDirectives found = NONE;
        for (JsonNode part : content) {
            JsonNode text = part.get("text");
            if (text != null && text.isTextual()) {
                found = found.merge(parse(text.asText()));
            }
        }
        return found;
    }

    /**
     * Parses every {@code [mock:...]} in a text. A malformed directive is rejected with a 400 rather
     * than ignored, so a typo in a test fails loudly instead of silently testing the happy path.
     */
    static MockDirectives parse(String text) {
        int open = text.indexOf(OPEN);
        if (open < 0) {
            return NONE;
        }
        MockDirectives found = NONE;
        while (open >= 0) {
            int start = open + OPEN.length();
            int close = text.indexOf(']', start);
            if (close < 0) {
                throw bad(text.substring(open), "is missing its closing ']'");
            }
            for (String item : text.substring(start, close).split(",")) {
                found = found.with(item.trim());
            }
            open = text.indexOf(OPEN, close + 1);
        }
        return found;
    }

    private MockDirectives with(String item) {
        int eq = item.indexOf('=');
        if (eq <= 0) {
            throw bad(item, "is not of the form key=value");
        }
        String key = item.substring(0, eq).trim();
        String value = item.substring(eq + 1).trim();
        switch (key) {
            case "status" -> {
                int s = integer(item, value);
                if (s < 400 || s > 599) {
                    throw bad(item, "needs a status from 400 to 599");
                }
                return new MockDirectives(OptionalInt.of(s), latency, truncate, interval, words);
            }
            case "latency" -> {
                return new MockDirectives(status, Optional.of(duration(item, value)), truncate, interval, words);
            }
            case "truncate" -> {
                return new MockDirectives(status, latency, OptionalInt.of(integer(item, value)), interval, words);
            }
            case "interval" -> {
                return new MockDirectives(status, latency, truncate, Optional.of(duration(item, value)), words);
            }
            case "words" -> {
                int n = integer(item, value);
                if (n > MAX_WORDS) {
                    throw bad(item, "allows at most " + MAX_WORDS + " words");
                }
                return new MockDirectives(status, latency, truncate, interval, OptionalInt.of(n));
            }
            default -> throw bad(item, "has an unknown key; known keys are status, latency, truncate, interval, words");
        }
    }

    /** The other's settings win where both have one: a later text part overrides an earlier one. */
    private MockDirectives merge(MockDirectives other) {
        if (other == NONE) {
            return this;
        }
        return new MockDirectives(
                other.status.isPresent() ? other.status : status,
                other.latency.or(() -> latency),
                other.truncate.isPresent() ? other.truncate : truncate,
                other.interval.or(() -> interval),
                other.words.isPresent() ? other.words : words);
    }

    private static int integer(String item, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw bad(item, "needs a number of zero or more");
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(item, "needs a whole number");
        }
    }

    /** Accepts {@code 250ms}, {@code 1.5s}, or a bare number of milliseconds. */
    private static Duration duration(String item, String value) {
        try {
            double millis;
            if (value.endsWith("ms")) {
                millis = Double.parseDouble(value.substring(0, value.length() - 2));
            } else if (value.endsWith("s")) {
                millis = Double.parseDouble(value.substring(0, value.length() - 1)) * 1000;
            } else {
                millis = Double.parseDouble(value);
            }
            if (millis < 0 || Double.isNaN(millis) || Double.isInfinite(millis)) {
                throw bad(item, "needs a duration of zero or more");
            }
            return Duration.ofMillis(Math.round(millis));
        } catch (NumberFormatException e) {
            throw bad(item, "needs a duration such as 250ms or 2s");
        }
    }

    private static MockRejection bad(String item, String problem) {
        return new MockRejection(
                400, "Mock directive '" + item + "' " + problem + ".", "messages", "invalid_mock_directive");
    }
}
