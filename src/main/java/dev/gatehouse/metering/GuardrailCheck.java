package dev.gatehouse.metering;

import java.util.List;

/**
 * One guardrail decision of a request, as the usage record, the trace and the metrics keep it. Holds
 * finding types ({@code email}), never the text that was found.
 *
 * @param name the guardrail's configured name
 * @param direction {@code input} (the request) or {@code output} (the answer)
 * @param action {@code allow}, {@code redact}, {@code block}, or {@code error_allow} /
 *     {@code error_block} when the check failed or timed out and its {@code on_error} decided
 * @param findings what was found, by type
 * @param ms how long the check took, in milliseconds
 */
public record GuardrailCheck(String name, String direction, String action, List<String> findings, double ms) {

    public GuardrailCheck {
        findings = findings == null ? List.of() : List.copyOf(findings);
    }
}
