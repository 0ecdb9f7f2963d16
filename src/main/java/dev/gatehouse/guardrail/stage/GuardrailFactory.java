package dev.gatehouse.guardrail.stage;

import dev.gatehouse.config.GuardrailSettings;
import dev.gatehouse.guardrail.Guardrail;

/** Builds the check a {@code guardrails:} entry describes. Called on config load and reload, not per request. */
@FunctionalInterface
public interface GuardrailFactory {

    Guardrail build(GuardrailSettings settings);
}
