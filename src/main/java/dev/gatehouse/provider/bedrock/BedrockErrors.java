package dev.gatehouse.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.error.ErrorKind;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.json.Json;
import dev.gatehouse.provider.ProviderErrors;
import dev.gatehouse.provider.StatusTable;
import io.vertx.core.buffer.Buffer;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Classifies Bedrock Runtime errors. An HTTP error names its type in the {@code x-amzn-ErrorType}
 * header ({@code ThrottlingException:http://internal.amazon.com/coral/...}; the restJson1 protocol
 * takes the part before {@code ':'} and after any {@code '#'}) with {@code {"message": "..."}} as
 * the body; inside a ConverseStream the same errors arrive as {@code exception} messages named by
 * {@code :exception-type} in lower camel case ({@code throttlingException}). Types and statuses are
 * those of the Bedrock Runtime API reference and "Troubleshooting Amazon Bedrock API Error Codes".
 */
final class BedrockErrors {

    /**
     * 424 is ModelErrorException ("the request failed due to an error while processing the
     * model"), worth another try like any server error. Status 0 stands for an exception inside a
     * stream whose type is unknown: the stream broke on AWS's side.
     */
    private static final StatusTable STATUSES =
            StatusTable.DEFAULT.with(424, ErrorKind.SERVER_ERROR).with(0, ErrorKind.SERVER_ERROR);

    private BedrockErrors() {}

    static GatewayError fromResponse(String provider, int status, @Nullable String errorTypeHeader, Buffer body) {
        JsonNode json = Json.tryParse(body).orElse(null);
        String type = errorType(errorTypeHeader, json);
        String message = message(json);
        if (message == null && body.length() > 0 && json == null) {
            message = "Provider '" + provider + "' answered HTTP " + status + ": "
                    + ProviderErrors.excerpt(body).strip();
        }
        return ProviderErrors.of(kindOf(type, status, message), provider, message);
    }

    /** An {@code exception} message inside a stream; its payload is the exception's JSON body. */
    static GatewayError fromStreamException(String provider, String exceptionType, @Nullable JsonNode payload) {
        String type = exceptionType.isEmpty()
                ? exceptionType
                : Character.toUpperCase(exceptionType.charAt(0)) + exceptionType.substring(1);
        String message = message(payload);
        return ProviderErrors.of(kindOf(type, 0, message), provider, message);
    }

    /** An {@code error} message (the event-stream encoding's own failure, with code and message headers). */
    static GatewayError fromStreamError(String provider, String code, String message) {
        return ProviderErrors.of(kindOf(code, 0, message), provider, message);
    }

    private static ErrorKind kindOf(@Nullable String type, int status, @Nullable String message) {
        return switch (type == null ? "" : type) {
            case "ValidationException" ->
                isContextLength(message) ? ErrorKind.CONTEXT_LENGTH_EXCEEDED : ErrorKind.INVALID_REQUEST;
            case "ThrottlingException", "ServiceQuotaExceededException" -> ErrorKind.RATE_LIMITED;
            case "AccessDeniedException" -> ErrorKind.PERMISSION_DENIED;
            // Signature and key failures, answered by AWS's front end before Bedrock sees the request.
            case "UnrecognizedClientException",
                    "InvalidSignatureException",
                    "IncompleteSignature",
                    "IncompleteSignatureException",
                    "MissingAuthenticationTokenException",
                    "ExpiredTokenException",
                    "InvalidClientTokenId",
                    "SignatureDoesNotMatch" -> ErrorKind.AUTH_ERROR;
            case "ResourceNotFoundException" -> ErrorKind.NOT_FOUND;
            case "ModelTimeoutException" -> ErrorKind.TIMEOUT;
            // 429 on the wire, but the model is warming up rather than the account being over a quota.
            case "ModelNotReadyException", "ServiceUnavailableException", "ServiceUnavailable" -> ErrorKind.UNAVAILABLE;
            case "InternalServerException", "InternalFailure", "ModelErrorException", "ModelStreamErrorException" ->
                ErrorKind.SERVER_ERROR;
            default -> STATUSES.kindOf(status);
        };
    }

    /**
     * Bedrock reports an over-long prompt as a plain ValidationException; only the message tells it
     * apart: "Input is too long for requested model." from Bedrock itself, or the model's own words
     * passed through ("The model returned the following errors: prompt is too long: 200049 tokens >
     * 200000 maximum"; "Too many input tokens").
     */
    private static boolean isContextLength(@Nullable String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("input is too long")
                || m.contains("prompt is too long")
                || m.contains("too many input tokens")
                || m.contains("exceeds the context window")
                || m.contains("context length");
    }

    private static @Nullable String errorType(@Nullable String header, @Nullable JsonNode body) {
        String type = header;
        if (type == null || type.isBlank()) {
            type = body == null
                    ? null
                    : body.path("__type").asText(body.path("code").asText(null));
        }
        if (type == null) {
            return null;
        }
        int colon = type.indexOf(':');
        type = colon >= 0 ? type.substring(0, colon) : type;
        return type.substring(type.lastIndexOf('#') + 1).strip();
    }

    private static @Nullable String message(@Nullable JsonNode body) {
        if (body == null || !body.isObject()) {
            return null;
        }
        JsonNode message = body.has("message") ? body.get("message") : body.get("Message");
        return message == null || !message.isTextual() ? null : message.asText();
    }
}
