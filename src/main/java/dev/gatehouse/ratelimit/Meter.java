package dev.gatehouse.ratelimit;

/** What a bucket counts. Each but {@link #PARALLEL} is per minute: a token bucket or a sliding window. */
public enum Meter {
    REQUESTS("rpm"),
    TOKENS("tpm"),
    INPUT_TOKENS("input_tpm"),
    OUTPUT_TOKENS("output_tpm"),
    /** Requests in flight at once: taken at reserve, given back at settle or release. */
    PARALLEL("parallel");

    private final String code;

    Meter(String code) {
        this.code = code;
    }

    /** The name in 429 error codes ({@code rate_limit_exceeded:key:tpm}). */
    public String code() {
        return code;
    }

    /** How much of this meter a request of these sizes takes. */
    long amount(long inputTokens, long outputTokens) {
        return switch (this) {
            case REQUESTS, PARALLEL -> 1;
            case TOKENS -> inputTokens + outputTokens;
            case INPUT_TOKENS -> inputTokens;
            case OUTPUT_TOKENS -> outputTokens;
        };
    }

    /** Whether an error gives back what the request took (tokens it never used; its parallel slot), unlike a made request. */
    boolean refundedOnRelease() {
        return this != REQUESTS;
    }
}
