package dev.gatehouse.config;

/**
 * List prices of one model in US dollars per million tokens, by token class.
 *
 * @param cachedInput the price of input tokens read from the provider's prompt cache
 * @param cacheWrite the price of input tokens written to it (Anthropic, Bedrock)
 */
public record Prices(double input, double cachedInput, double cacheWrite, double output) {

    /** The dollar cost of a request of these sizes, charging each token class at its own rate. */
    public double cost(long inputTokens, long cachedInputTokens, long cacheWriteTokens, long outputTokens) {
        long uncached = Math.max(0, inputTokens - cachedInputTokens - cacheWriteTokens);
        return (uncached * input
                        + cachedInputTokens * cachedInput
                        + cacheWriteTokens * cacheWrite
                        + outputTokens * output)
                / 1_000_000.0;
    }
}
