/**
 * Applies guardrails to requests and answers: the {@link dev.gatehouse.guardrail.stage.GuardrailStage}
 * (input checks before the cache, idempotency and dispatch see the request; output checks on JSON
 * answers and, over a bounded window, on streams), policy resolution per key, team, model group and
 * globally, placeholder restoring, and the built-in guardrail types.
 */
@NullMarked
package dev.gatehouse.guardrail.stage;

import org.jspecify.annotations.NullMarked;
