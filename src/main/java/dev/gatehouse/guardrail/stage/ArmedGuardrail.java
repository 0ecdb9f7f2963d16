package dev.gatehouse.guardrail.stage;

import dev.gatehouse.config.GuardrailSettings;
import dev.gatehouse.guardrail.Guardrail;

/** A configured guardrail: its settings ({@code on_error}, {@code timeout}) and the check they built. */
record ArmedGuardrail(GuardrailSettings settings, Guardrail guardrail) {

    String name() {
        return settings.name();
    }
}
