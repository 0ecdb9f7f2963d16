package dev.gatehouse.guardrail.injection;

import java.util.List;

/**
 * How much a text looks like a prompt injection: the sum of its signals' weights, and the signals
 * that added to it (names such as {@code ignore_instructions}, heaviest first; context that lowered the
 * score is left out).
 */
public record InjectionScore(double total, List<String> signals) {

    public InjectionScore {
        signals = List.copyOf(signals);
    }
}
