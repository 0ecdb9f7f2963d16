package dev.gatehouse.guardrail;

import io.vertx.core.Future;

/**
 * One check over the texts of a request (input) or of an answer (output). Called on an event loop:
 * a check that needs time (a model, a remote service) returns a future completed elsewhere and never
 * blocks the calling thread. A failed future means the check could not decide; the policy's
 * {@code on_error} says what then.
 */
public interface Guardrail {

    /** The name the config, errors, usage records and traces use for this guardrail. */
    String name();

    /** Decides on {@code text}; the verdict's segments, when it redacts, line up with the input's. */
    Future<Verdict> check(GuardrailText text);
}
