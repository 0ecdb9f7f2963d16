package dev.gatehouse.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.testing.Fixtures;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every Gemini error fixture lands in the right place of the taxonomy, with Gemini's own message. */
class GeminiErrorsTest {

    private static GatewayError fromFixture(int status, String name) {
        return GeminiErrors.fromResponse("google", status, Buffer.buffer(Fixtures.text("gemini/" + name)));
    }

    @ParameterizedTest(name = "{1} ({0}) -> {2}")
    @CsvSource({
        "429, error-rate-limit.json, RATE_LIMITED, 429, rate_limit_exceeded",
        "400, error-context-length.json, CONTEXT_LENGTH_EXCEEDED, 400, context_length_exceeded",
        "400, error-auth.json, AUTH_ERROR, 502, upstream_auth_error",
        "400, error-invalid.json, INVALID_REQUEST, 400, invalid_request",
        "400, error-location.json, INVALID_REQUEST, 400, invalid_request",
        "403, error-permission.json, PERMISSION_DENIED, 502, upstream_auth_error",
        "404, error-not-found.json, NOT_FOUND, 404, model_not_found",
        "500, error-server.json, SERVER_ERROR, 500, upstream_server_error",
        "503, error-overloaded.json, UNAVAILABLE, 503, upstream_unavailable",
        "504, error-deadline.json, TIMEOUT, 504, upstream_timeout",
    })
    void classifiesEveryErrorFixture(int status, String fixture, ErrorKind kind, int clientStatus, String code) {
        GatewayError error = fromFixture(status, fixture);

        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.status()).isEqualTo(clientStatus);
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.retryable()).isEqualTo(kind.retryable());
        String geminiMessage = Fixtures.text("gemini/" + fixture)
                .split("\"message\": \"")[1]
                .split("\",\n")[0]
                .replace("\\\"", "\"");
        if (clientStatus == 502) {
            assertThat(error.getMessage()).doesNotContain(geminiMessage);
        } else {
            assertThat(error.getMessage()).endsWith(geminiMessage);
        }
    }

    @Test
    void tellsTheClientThatTheGatewaysKeyWasRefused() {
        assertThat(fromFixture(400, "error-auth.json").getMessage())
                .startsWith("Provider 'google' rejected the gateway's credentials")
                .doesNotContain("API key not valid");
    }

    @Test
    void classifiesBodiesThatAreNotGoogleErrorsByStatus() {
        GatewayError html = GeminiErrors.fromResponse(
                "google",
                403,
                Buffer.buffer("<!DOCTYPE html>\n<html lang=en><title>Error 403 (Forbidden)!!1</title></html>"));
        GatewayError empty = GeminiErrors.fromResponse("google", 502, Buffer.buffer(""));

        assertThat(html.kind()).isEqualTo(ErrorKind.PERMISSION_DENIED);
        assertThat(html.status()).isEqualTo(502);
        assertThat(html.getMessage()).doesNotContain("<!DOCTYPE html>");
        assertThat(empty.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(empty.getMessage()).isEqualTo("Provider 'google' answered HTTP 502.");
    }

    @Test
    void readsAnErrorWrappedInAnArray() {
        String body =
                "[{\"error\": {\"code\": 429, \"message\": \"Resource has been exhausted (e.g. check quota).\", \"status\": \"RESOURCE_EXHAUSTED\"}}]";

        assertThat(GeminiErrors.fromResponse("google", 429, Buffer.buffer(body)).kind())
                .isEqualTo(ErrorKind.RATE_LIMITED);
    }

    @Test
    void classifiesStreamErrorsByTheirCodeOrStatusName() {
        assertThat(GeminiErrors.fromStreamError(
                                "google", GeminiRequests.json("{'code':503,'message':'x','status':'UNAVAILABLE'}"))
                        .kind())
                .isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(GeminiErrors.fromStreamError(
                                "google", GeminiRequests.json("{'message':'x','status':'RESOURCE_EXHAUSTED'}"))
                        .kind())
                .isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(GeminiErrors.fromStreamError(
                                "google", GeminiRequests.json("{'message':'x','status':'DEADLINE_EXCEEDED'}"))
                        .kind())
                .isEqualTo(ErrorKind.TIMEOUT);
        assertThat(GeminiErrors.fromStreamError("google", GeminiRequests.json("{'message':'x'}"))
                        .kind())
                .isEqualTo(ErrorKind.SERVER_ERROR);
    }
}
