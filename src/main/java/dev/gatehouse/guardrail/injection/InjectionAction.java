package dev.gatehouse.guardrail.injection;

import java.util.Locale;

/** What the injection guardrail does with a text that scores at or above its threshold. */
public enum InjectionAction {
    /** Refuse it. */
    BLOCK,
    /** Let it through and report the signals found. */
    LOG_ONLY;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
