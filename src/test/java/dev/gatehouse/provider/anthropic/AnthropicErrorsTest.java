package dev.gatehouse.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.testing.Fixtures;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every documented Anthropic error, and bodies that are not Anthropic's, in the gateway's taxonomy. */
class AnthropicErrorsTest {

    @ParameterizedTest(name = "{0} ({1})")
    @CsvSource({
        "error-invalid.json,            400, INVALID_REQUEST,         400, invalid_request",
        "error-context-length.json,     400, CONTEXT_LENGTH_EXCEEDED, 400, context_length_exceeded",
        "error-context-limit.json,      400, CONTEXT_LENGTH_EXCEEDED, 400, context_length_exceeded",
        "error-auth.json,               401, AUTH_ERROR,              502, upstream_auth_error",
        "error-billing.json,            402, PERMISSION_DENIED,       502, upstream_auth_error",
        "error-permission.json,         403, PERMISSION_DENIED,       502, upstream_auth_error",
        "error-not-found.json,          404, NOT_FOUND,               404, model_not_found",
        "error-request-too-large.json,  413, PAYLOAD_TOO_LARGE,       413, invalid_request",
        "error-rate-limit.json,         429, RATE_LIMITED,            429, rate_limit_exceeded",
        "error-server.json,             500, SERVER_ERROR,            500, upstream_server_error",
        "error-timeout.json,            504, TIMEOUT,                 504, upstream_timeout",
        "error-overloaded.json,         529, UNAVAILABLE,             503, upstream_unavailable",
        "error-server.json,             502, UNAVAILABLE,             503, upstream_unavailable",
        "error-server.json,             503, UNAVAILABLE,             503, upstream_unavailable"
    })
    void classifiesEachDocumentedError(String fixture, int status, ErrorKind kind, int clientStatus, String code) {
        String body = Fixtures.text("anthropic/" + fixture);

        GatewayError error = AnthropicErrors.fromResponse(AnthropicTestRoutes.PROVIDER, status, Buffer.buffer(body));

        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.status()).isEqualTo(clientStatus);
        assertThat(error.code()).isEqualTo(code);
        String anthropicMessage = Json.parse(body).path("error").path("message").asText();
        if (clientStatus == 502) {
            assertThat(error.getMessage())
                    .as("Anthropic's message about the gateway's key stays in the gateway")
                    .doesNotContain(anthropicMessage);
        } else {
            assertThat(error.type()).isEqualTo(kind.openAiType());
            assertThat(error.getMessage())
                    .as("Anthropic's own message reaches the client")
                    .contains(anthropicMessage);
        }
        assertThat(error.retryable()).isEqualTo(status == 429 || status >= 500);
    }

    @Test
    void tellsTheClientWhichProviderRejectedTheGatewaysKeyInItsOwnWords() {
        GatewayError error = AnthropicErrors.fromResponse(
                AnthropicTestRoutes.PROVIDER, 401, Buffer.buffer(Fixtures.text("anthropic/error-auth.json")));

        assertThat(error.getMessage())
                .contains("'" + AnthropicTestRoutes.PROVIDER + "'")
                .contains("rejected the gateway's credentials")
                .doesNotContain("invalid x-api-key");
    }

    @Test
    void classifiesBodiesThatAreNotAnthropicsByStatus() {
        GatewayError tooLarge = AnthropicErrors.fromResponse(
                AnthropicTestRoutes.PROVIDER,
                413,
                Buffer.buffer(
                        "<html><head><title>413 Request Entity Too Large</title></head><body>cloudflare</body></html>"));
        GatewayError overloaded = AnthropicErrors.fromResponse(AnthropicTestRoutes.PROVIDER, 529, Buffer.buffer(""));
        GatewayError gateway = AnthropicErrors.fromResponse(
                AnthropicTestRoutes.PROVIDER, 502, Buffer.buffer("{\"message\":\"bad gateway\"}"));

        assertThat(tooLarge.kind()).isEqualTo(ErrorKind.PAYLOAD_TOO_LARGE);
        assertThat(tooLarge.getMessage()).contains("HTTP 413").contains("413 Request Entity Too Large");
        assertThat(overloaded.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(overloaded.getMessage())
                .isEqualTo("Provider '" + AnthropicTestRoutes.PROVIDER + "' answered HTTP 529.");
        assertThat(gateway.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    }

    @Test
    void classifiesAnErrorTypeAddedLaterByItsStatus() {
        GatewayError error = AnthropicErrors.fromResponse(
                AnthropicTestRoutes.PROVIDER,
                409,
                Buffer.buffer(
                        "{\"type\":\"error\",\"error\":{\"type\":\"conflict_error\",\"message\":\"Conflict.\"}}"));

        assertThat(error.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        assertThat(error.getMessage()).isEqualTo("Conflict.");
    }

    @Test
    void classifiesAnErrorEventInsideAStreamByItsType() {
        GatewayError overloaded = AnthropicErrors.fromStreamEvent(
                AnthropicTestRoutes.PROVIDER,
                Json.parse(
                        "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}"));
        GatewayError unknown = AnthropicErrors.fromStreamEvent(
                AnthropicTestRoutes.PROVIDER,
                Json.parse(
                        "{\"type\": \"error\", \"error\": {\"type\": \"novel_error\", \"message\": \"Something new.\"}}"));

        assertThat(overloaded.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(overloaded.status()).isEqualTo(503);
        assertThat(unknown.kind())
                .as("an unknown failure after a 200 is the provider's")
                .isEqualTo(ErrorKind.SERVER_ERROR);
    }
}
