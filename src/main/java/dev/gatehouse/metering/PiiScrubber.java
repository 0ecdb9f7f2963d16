package dev.gatehouse.metering;

import dev.gatehouse.guardrail.pii.PiiGuardrail;
import dev.gatehouse.guardrail.pii.PiiSettings;
import org.jspecify.annotations.Nullable;

/**
 * Masks personal data and secrets in text kept in the audit log with the built-in PII guardrail's
 * detectors at their defaults (e-mail, phone numbers of the default regions, payment cards, IBANs, US
 * SSNs, IP addresses, API keys and random-looking tokens): each value becomes its type's tag
 * ({@code [EMAIL]}, {@code [PHONE]}, {@code [CARD]}, {@code [SECRET]}, ...). Stateless and thread-safe.
 */
public final class PiiScrubber {

    private static final PiiGuardrail DETECTORS = new PiiGuardrail("audit", PiiSettings.defaults());

    private PiiScrubber() {}

    public static @Nullable String scrub(@Nullable String text) {
        return text == null || text.isEmpty() ? text : DETECTORS.scrub(text);
    }
}
