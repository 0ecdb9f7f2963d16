package dev.gatehouse.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BedrockErrorsTest {

    private static GatewayError classify(String fixture) {
        BedrockFixtures.HttpError error = BedrockFixtures.httpError(fixture);
        return BedrockErrors.fromResponse(
                "aws-bedrock", error.status(), error.headers().get("x-amzn-ErrorType"), Buffer.buffer(error.body()));
    }

    @ParameterizedTest
    @CsvSource({
        "error-throttling.json,           RATE_LIMITED,            429",
        "error-context-length.json,       CONTEXT_LENGTH_EXCEEDED, 400",
        "error-prompt-too-long.json,      CONTEXT_LENGTH_EXCEEDED, 400",
        "error-validation.json,           INVALID_REQUEST,         400",
        "error-unrecognized-client.json,  AUTH_ERROR,              502",
        "error-invalid-signature.json,    AUTH_ERROR,              502",
        "error-access-denied.json,        PERMISSION_DENIED,       502",
        "error-not-found.json,            NOT_FOUND,               404",
        "error-model-timeout.json,        TIMEOUT,                 504",
        "error-model-not-ready.json,      UNAVAILABLE,             503",
        "error-model-error.json,          SERVER_ERROR,            500",
        "error-internal.json,             SERVER_ERROR,            500",
        "error-service-unavailable.json,  UNAVAILABLE,             503",
    })
    void classifiesEveryDocumentedError(String fixture, ErrorKind kind, int status) {
        GatewayError error = classify(fixture);

        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.status()).isEqualTo(status);
        String awsMessage = Json.parse(BedrockFixtures.httpError(fixture).body())
                .path("message")
                .asText();
        if (status == 502) {
            assertThat(error.getMessage()).doesNotContain(awsMessage);
        } else {
            assertThat(error.getMessage()).contains(awsMessage);
        }
    }

    @Test
    void givesClientsTheCodeTheyBranchOn() {
        assertThat(classify("error-context-length.json").code()).isEqualTo("context_length_exceeded");
        assertThat(classify("error-throttling.json").code()).isEqualTo("rate_limit_exceeded");
        assertThat(classify("error-unrecognized-client.json").getMessage())
                .contains("'aws-bedrock' rejected the gateway's credentials");
        assertThat(classify("error-throttling.json").retryable()).isTrue();
        assertThat(classify("error-validation.json").retryable()).isFalse();
    }

    @Test
    void readsTheTypeFromTheBodyOrFallsBackToTheStatus() {
        GatewayError fromBody = BedrockErrors.fromResponse(
                "p",
                400,
                null,
                Buffer.buffer("{\"__type\":\"com.amazon.bedrock#ThrottlingException\",\"Message\":\"slow down\"}"));
        assertThat(fromBody.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(fromBody.getMessage()).isEqualTo("slow down");

        GatewayError html = BedrockErrors.fromResponse("p", 502, null, Buffer.buffer("<html>Bad Gateway</html>"));
        assertThat(html.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(html.getMessage()).contains("HTTP 502").contains("Bad Gateway");

        assertThat(BedrockErrors.fromResponse("p", 403, null, Buffer.buffer("")).kind())
                .isEqualTo(ErrorKind.PERMISSION_DENIED);
    }

    @Test
    void classifiesStreamExceptionsByTheirLowerCamelType() {
        assertThat(BedrockErrors.fromStreamException(
                                "p", "throttlingException", Json.parse("{\"message\":\"Too many tokens\"}"))
                        .kind())
                .isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(BedrockErrors.fromStreamException(
                                "p", "modelStreamErrorException", Json.parse("{\"message\":\"x\"}"))
                        .kind())
                .isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(BedrockErrors.fromStreamException(
                                "p",
                                "validationException",
                                Json.parse("{\"message\":\"Input is too long for requested model.\"}"))
                        .kind())
                .isEqualTo(ErrorKind.CONTEXT_LENGTH_EXCEEDED);
        assertThat(BedrockErrors.fromStreamException("p", "serviceUnavailableException", null)
                        .kind())
                .isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(BedrockErrors.fromStreamException("p", "internalServerException", null)
                        .kind())
                .isEqualTo(ErrorKind.SERVER_ERROR);
    }
}
