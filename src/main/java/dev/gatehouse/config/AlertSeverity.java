package dev.gatehouse.config;

import java.util.Locale;

/** How urgent an alert is; PagerDuty's {@code info}, {@code warning} and {@code critical}. */
public enum AlertSeverity {
    INFO,
    WARNING,
    CRITICAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
