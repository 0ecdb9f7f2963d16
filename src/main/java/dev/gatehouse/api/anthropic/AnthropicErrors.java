package dev.gatehouse.api.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;

/**
 * Gateway errors in Anthropic's shape, {@code {"type":"error","error":{"type","message"}}}, with the
 * error types Anthropic's "Errors" page assigns to each HTTP status, so Anthropic SDKs raise the
 * exception they would for Anthropic itself.
 */
public final class AnthropicErrors {

    private AnthropicErrors() {}

    public static ObjectNode body(GatewayError error) {
        ObjectNode body = Json.object();
        body.put("type", "error");
        body.putObject("error").put("type", typeFor(statusFor(error))).put("message", error.getMessage());
        return body;
    }

    /**
     * The status an Anthropic client gets for {@code error}: its own, except that "unavailable, try
     * again" is Anthropic's 529 overloaded_error, the status Anthropic itself answers an outage with
     * and Anthropic's SDKs and clients know; Anthropic's "Errors" page lists no 503.
     */
    public static int statusFor(GatewayError error) {
        return error.status() == 503 ? 529 : error.status();
    }

    static String typeFor(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            case 504 -> "timeout_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
