package dev.gatehouse.provider.mock;

import org.jspecify.annotations.Nullable;

/**
 * A request the mock refuses the way OpenAI would, carrying what {@link MockErrors} needs to write
 * the error body. Thrown while parsing a request on the event loop and caught by the handler that
 * parsed it; it has no stack trace because it is an answer, not a fault.
 */
final class MockRejection extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final @Nullable String param;
    private final String code;

    MockRejection(int status, String message, @Nullable String param, String code) {
        super(message, null, false, false);
        this.status = status;
        this.param = param;
        this.code = code;
    }

    static MockRejection invalidJson() {
        // OpenAI's wording for a body that does not parse.
        return new MockRejection(
                400,
                "We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.",
                null,
                "invalid_json");
    }

    static MockRejection missing(String param) {
        return new MockRejection(
                400, "Missing required parameter: '" + param + "'.", param, "missing_required_parameter");
    }

    static MockRejection invalid(String param, String message) {
        return new MockRejection(400, message, param, "invalid_value");
    }

    int status() {
        return status;
    }

    @Nullable
    String param() {
        return param;
    }

    String code() {
        return code;
    }
}
