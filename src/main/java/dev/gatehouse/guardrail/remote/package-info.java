/**
 * Guardrails that ask something outside the gateway's process: a team's own service over a webhook,
 * a provider's moderation endpoint, or a model routed through the gateway itself (a classifier).
 * Each call runs on the event loop with Vert.x's non-blocking client; none ever blocks.
 */
@NullMarked
package dev.gatehouse.guardrail.remote;

import org.jspecify.annotations.NullMarked;
