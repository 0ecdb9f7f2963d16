package dev.gatehouse.guardrail.remote;

import io.vertx.core.Future;

/**
 * Asks a model the gateway itself serves one question and gives its text answer. The gateway's
 * implementation runs its own request path (routing, fallbacks, dispatch) and records the call's own
 * usage and cost. Called on an event loop; never blocks.
 */
public interface ModelJudge {

    /**
     * @param model a model the gateway serves
     * @param instructions the system message
     * @param text the text to judge, the user message
     * @param keyId the key whose request is judged (for the judge call's record), or {@code null}
     */
    Future<String> ask(String model, String instructions, String text, @org.jspecify.annotations.Nullable String keyId);
}
