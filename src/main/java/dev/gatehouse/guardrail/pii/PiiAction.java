package dev.gatehouse.guardrail.pii;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What the PII guardrail does with one entity type it found. */
public enum PiiAction {
    /** Replace each value with its type's placeholder ({@code [EMAIL]}); nothing is given back. */
    REDACT,
    /**
     * Replace each value with a numbered placeholder ({@code [EMAIL_1]}) and return the placeholder-to-value
     * map, so the values can be put back into the answer.
     */
    MASK_AND_RESTORE,
    /** Refuse the whole text, naming the types found. */
    BLOCK,
    /** Let the text through unchanged and report the types found. */
    LOG_ONLY,
    /** Do not look for this type at all. */
    OFF;

    /** The name the config uses ({@code mask_and_restore}). */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<PiiAction> fromConfig(String name) {
        return Arrays.stream(values()).filter(a -> a.configName().equals(name)).findFirst();
    }

    static String choices() {
        return Arrays.stream(values()).map(PiiAction::configName).collect(Collectors.joining(", "));
    }
}
