package dev.gatehouse.guardrail.stage;

import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.pipeline.Exchange;

/**
 * The error a blocking guardrail answers with: 400 {@code guardrail_blocked}, naming the guardrail
 * and its reason in the message (which every client API's error shape carries) and in the
 * {@code x-gatehouse-guardrail} header.
 */
final class GuardrailBlocked {

    static final String CODE = "guardrail_blocked";
    static final String HEADER = "x-gatehouse-guardrail";

    private GuardrailBlocked() {}

    static GatewayError of(Exchange ex, GuardrailRun.Blocked blocked, boolean answer) {
        ex.replyHeader(HEADER, blocked.guardrail());
        return GatewayError.of(
                ErrorKind.INVALID_REQUEST,
                "Guardrail '" + blocked.guardrail() + "' blocked the " + (answer ? "answer" : "request") + ": "
                        + blocked.reason(),
                null,
                CODE);
    }
}
