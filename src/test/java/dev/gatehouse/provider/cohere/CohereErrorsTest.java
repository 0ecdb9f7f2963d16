package dev.gatehouse.provider.cohere;

import static dev.gatehouse.provider.cohere.CohereRequests.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import io.vertx.core.buffer.Buffer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CohereErrorsTest {

    static Stream<Arguments> everyErrorFixture() {
        return Stream.of(
                Arguments.of(400, "error-invalid.json", ErrorKind.INVALID_REQUEST, 400, "invalid_request"),
                Arguments.of(
                        400,
                        "error-context-length.json",
                        ErrorKind.CONTEXT_LENGTH_EXCEEDED,
                        400,
                        "context_length_exceeded"),
                Arguments.of(400, "error-max-tokens.json", ErrorKind.INVALID_REQUEST, 400, "invalid_request"),
                Arguments.of(401, "error-auth.json", ErrorKind.AUTH_ERROR, 502, "upstream_auth_error"),
                Arguments.of(402, "error-payment.json", ErrorKind.RATE_LIMITED, 429, "insufficient_quota"),
                Arguments.of(404, "error-not-found.json", ErrorKind.NOT_FOUND, 404, "model_not_found"),
                Arguments.of(422, "error-unprocessable.json", ErrorKind.INVALID_REQUEST, 400, "invalid_request"),
                Arguments.of(429, "error-rate-limit.json", ErrorKind.RATE_LIMITED, 429, "rate_limit_exceeded"),
                Arguments.of(498, "error-deny-listed.json", ErrorKind.CONTENT_FILTER, 400, "content_filter"),
                Arguments.of(499, "error-cancelled.json", ErrorKind.SERVER_ERROR, 500, "upstream_server_error"),
                Arguments.of(500, "error-server.json", ErrorKind.SERVER_ERROR, 500, "upstream_server_error"),
                Arguments.of(503, "error-unavailable.json", ErrorKind.UNAVAILABLE, 503, "upstream_unavailable"),
                Arguments.of(504, "error-timeout.json", ErrorKind.TIMEOUT, 504, "upstream_timeout"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyErrorFixture")
    void classifiesEveryDocumentedError(int status, String fixture, ErrorKind kind, int clientStatus, String code) {
        GatewayError error = CohereErrors.fromResponse(CohereRequests.PROVIDER, status, fixture(fixture));

        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.status()).isEqualTo(clientStatus);
        assertThat(error.code()).isEqualTo(code);
        if (clientStatus == 502) {
            assertThat(error.getMessage()).doesNotContain(CohereErrors.messageOf(fixture(fixture)));
        } else {
            assertThat(error.getMessage()).contains(CohereErrors.messageOf(fixture(fixture)));
        }
    }

    @Test
    void retriesOnlyWhatMaySucceedAgain() {
        assertThat(CohereErrors.fromResponse("p", 429, fixture("error-rate-limit.json"))
                        .retryable())
                .isTrue();
        assertThat(CohereErrors.fromResponse("p", 503, fixture("error-unavailable.json"))
                        .retryable())
                .isTrue();
        assertThat(CohereErrors.fromResponse("p", 400, fixture("error-context-length.json"))
                        .retryable())
                .isFalse();
        assertThat(CohereErrors.fromResponse("p", 401, fixture("error-auth.json"))
                        .retryable())
                .isFalse();
    }

    @Test
    void namesTheProviderOnAuthErrorsWithoutQuotingIt() {
        GatewayError error = CohereErrors.fromResponse("cohere-prod", 401, fixture("error-auth.json"));

        assertThat(error.getMessage())
                .startsWith("Provider 'cohere-prod' rejected the gateway's credentials")
                .doesNotContain("invalid api token");
    }

    @Test
    void readsBodiesThatAreNotTheDocumentedShape() {
        assertThat(CohereErrors.fromResponse("p", 429, Buffer.buffer("{\"data\":\"slow down\"}"))
                        .getMessage())
                .isEqualTo("slow down");
        assertThat(CohereErrors.fromResponse("p", 502, Buffer.buffer("<html>bad gateway</html>"))
                        .getMessage())
                .isEqualTo("<html>bad gateway</html>");
        GatewayError empty = CohereErrors.fromResponse("p", 500, Buffer.buffer(""));
        assertThat(empty.getMessage()).isEqualTo("Provider 'p' answered HTTP 500.");
        assertThat(empty.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
    }

    @Test
    void tellsAnOverLongPromptFromAnOverLargeOutputLimit() {
        assertThat(CohereErrors.isContextLength(
                        "too many tokens: total number of tokens in the prompt cannot exceed 4081 - received 4292."))
                .isTrue();
        assertThat(CohereErrors.isContextLength("too many tokens: multi-hop prompt is too long even after truncation"))
                .isTrue();
        assertThat(CohereErrors.isContextLength("too many tokens: max tokens must be less than or equal to 4096"))
                .isFalse();
        assertThat(CohereErrors.isContextLength("invalid request: prompt must be at least 1 token long."))
                .isFalse();
    }
}
