package dev.gatehouse.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * List prices of one model in US dollars per million tokens, by token class, with the higher rates
 * some vendors charge for long prompts.
 *
 * @param cachedInput input tokens read from the provider's prompt cache
 * @param cacheWrite input tokens written to it with the default lifetime (Anthropic's 5-minute cache,
 *     Bedrock)
 * @param cacheWrite1h input tokens written to Anthropic's 1-hour cache
 * @param reasoning reasoning (thinking) tokens, which every vendor today bills as output
 * @param tiers the rates of prompts above a size, ascending by {@link Tier#above}; a whole request is
 *     charged at the tier its prompt falls in (Anthropic's long-context and Gemini's "prompts &gt;
 *     200k tokens" pricing both work so)
 * @param units prices per search unit, minute, character or image ({@link UnitPrices#NONE} when the
 *     model is billed by tokens only); charged on top of the tokens
 */
public record Prices(
        double input,
        double cachedInput,
        double cacheWrite,
        double cacheWrite1h,
        double output,
        double reasoning,
        List<Tier> tiers,
        UnitPrices units) {

    /** Token prices only (no unit prices). */
    public Prices(
            double input,
            double cachedInput,
            double cacheWrite,
            double cacheWrite1h,
            double output,
            double reasoning,
            List<Tier> tiers) {
        this(input, cachedInput, cacheWrite, cacheWrite1h, output, reasoning, tiers, UnitPrices.NONE);
    }

    /**
     * The rates of every request whose prompt (all input tokens, cached and cache-written ones
     * included) is larger than {@code above} tokens. Its own {@code tiers} are empty.
     */
    public record Tier(long above, Prices prices) {}

    public Prices {
        List<Tier> sorted = new ArrayList<>(tiers);
        sorted.sort(Comparator.comparingLong(Tier::above));
        tiers = List.copyOf(sorted);
    }

    /** One rate per class, without long-prompt tiers; 1-hour writes at the write rate, reasoning as output. */
    public Prices(double input, double cachedInput, double cacheWrite, double output) {
        this(input, cachedInput, cacheWrite, cacheWrite, output, output, List.of());
    }

    /**
     * These rates times {@code factor}, tiers included (a provider batch API's discount); unit prices
     * stay, since no batch line is billed by the unit.
     */
    public Prices times(double factor) {
        List<Tier> scaled = new ArrayList<>();
        for (Tier t : tiers) {
            scaled.add(new Tier(t.above(), t.prices().times(factor)));
        }
        return new Prices(
                input * factor,
                cachedInput * factor,
                cacheWrite * factor,
                cacheWrite1h * factor,
                output * factor,
                reasoning * factor,
                scaled,
                units);
    }

    /** The token counts one request is charged for, each class a part of its total as in {@code Usage}. */
    public record Tokens(
            long input, long cachedInput, long cacheWrite, long cacheWrite1h, long output, long reasoning) {}

    /** The rates of a request with {@code inputTokens} of prompt: the last tier it is above, else these. */
    public Prices at(long inputTokens) {
        Prices rates = this;
        for (Tier t : tiers) {
            if (inputTokens > t.above()) {
                rates = t.prices();
            }
        }
        return rates;
    }

    /** The tier a request with {@code inputTokens} of prompt is charged at, or {@code null} for the base rates. */
    public @Nullable Tier tierAt(long inputTokens) {
        Tier found = null;
        for (Tier t : tiers) {
            if (inputTokens > t.above()) {
                found = t;
            }
        }
        return found;
    }

    /**
     * The dollar cost of a request of these sizes with every cache write at the default lifetime and
     * no reasoning told apart; see {@link #cost(Tokens)}.
     */
    public double cost(long inputTokens, long cachedInputTokens, long cacheWriteTokens, long outputTokens) {
        return cost(new Tokens(inputTokens, cachedInputTokens, cacheWriteTokens, 0, outputTokens, 0));
    }

    /** The dollar cost of the units a request was billed for besides tokens ({@link UnitPrices#cost}). */
    public double cost(BilledUnits billed) {
        return units.cost(billed);
    }

    /**
     * The dollar cost of a request, each token class charged once at its own rate of the tier the
     * prompt size falls in: cached and written tokens are taken out of the full-price input, 1-hour
     * writes out of the writes, reasoning out of the output.
     */
    public double cost(Tokens t) {
        Prices r = at(t.input());
        long write1h = Math.min(Math.max(0, t.cacheWrite1h()), Math.max(0, t.cacheWrite()));
        long write5m = Math.max(0, t.cacheWrite()) - write1h;
        long uncached = Math.max(0, t.input() - t.cachedInput() - t.cacheWrite());
        long reasoningTokens = Math.min(Math.max(0, t.reasoning()), Math.max(0, t.output()));
        long answer = Math.max(0, t.output()) - reasoningTokens;
        return (uncached * r.input
                        + t.cachedInput() * r.cachedInput
                        + write5m * r.cacheWrite
                        + write1h * r.cacheWrite1h
                        + answer * r.output
                        + reasoningTokens * r.reasoning)
                / 1_000_000.0;
    }
}
