package dev.gatehouse.config;

import org.jspecify.annotations.Nullable;

/**
 * Provider settings that only some dialects read.
 *
 * @param apiVersion Azure's {@code api-version} query parameter, or Anthropic's
 *     {@code anthropic-version} header; {@code null} for dialects without one
 * @param defaultMaxTokens sent as the output limit when the client sets none, to dialects that
 *     require one (Anthropic)
 * @param region the AWS region (Bedrock), else {@code null}
 * @param aws static AWS credentials (Bedrock), else {@code null}
 * @param compat how an OpenAI-compatible server differs from OpenAI (its paths, its key header,
 *     its dropped and renamed fields), from its profile
 */
public record DialectOptions(
        @Nullable String apiVersion,
        int defaultMaxTokens,
        @Nullable String region,
        @Nullable AwsCredentials aws,
        CompatRules compat,
        boolean responsesApi) {

    public static final int DEFAULT_MAX_TOKENS = 4096;

    /** Options of a provider that does not serve OpenAI's Responses API natively. */
    public DialectOptions(
            @Nullable String apiVersion,
            int defaultMaxTokens,
            @Nullable String region,
            @Nullable AwsCredentials aws,
            CompatRules compat) {
        this(apiVersion, defaultMaxTokens, region, aws, compat, false);
    }

    /**
     * These options for a provider that does (true: OpenAI's own API, which serves
     * {@code /responses}) or does not serve the Responses API natively.
     */
    public DialectOptions withResponsesApi(boolean serves) {
        return new DialectOptions(apiVersion, defaultMaxTokens, region, aws, compat, serves);
    }

    public static DialectOptions none() {
        return new DialectOptions(null, DEFAULT_MAX_TOKENS, null, null, CompatRules.NONE);
    }
}
