package dev.gatehouse.guardrail.injection;

import dev.gatehouse.config.ConfigNode;

/**
 * The injection guardrail's settings: {@code threshold} (score from which a text counts as an
 * injection; default {@value #DEFAULT_THRESHOLD}: one unambiguous phrasing, or two weaker signals) and
 * {@code action} ({@code block}, the default, or {@code log_only}).
 */
public record InjectionSettings(double threshold, InjectionAction action) {

    public static final double DEFAULT_THRESHOLD = 1.0;

    public static InjectionSettings defaults() {
        return new InjectionSettings(DEFAULT_THRESHOLD, InjectionAction.BLOCK);
    }

    /**
     * Reads {@code threshold} and {@code action} from {@code node}, reporting mistakes with their path;
     * the caller finishes {@code node} (it may hold the guardrail's own fields, such as its name).
     */
    public static InjectionSettings read(ConfigNode node) {
        double threshold = node.number("threshold", DEFAULT_THRESHOLD, 0.1, 10.0);
        String action = node.string("action", InjectionAction.BLOCK.configName());
        InjectionAction parsed = switch (action) {
            case "block" -> InjectionAction.BLOCK;
            case "log_only" -> InjectionAction.LOG_ONLY;
            default -> {
                node.problem("action", "must be block or log_only, got '" + action + "'");
                yield InjectionAction.BLOCK;
            }
        };
        return new InjectionSettings(threshold, parsed);
    }
}
