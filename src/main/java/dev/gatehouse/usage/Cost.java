package dev.gatehouse.usage;

import dev.gatehouse.config.PriceOverride;
import dev.gatehouse.config.Prices;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prices a request's usage: the deployment's own {@code prices} when it has them, else the price
 * table (built-in, with the config's {@code prices:} section applied). Each token class is charged at
 * its own rate, once, at the tier the prompt's size falls in: cached and cache-written tokens are part
 * of the input count and are taken out of the full-price input, 1-hour cache writes out of the writes,
 * reasoning out of the output ({@link Prices#cost(Prices.Tokens)}). A model without a price costs
 * {@code null}, never zero: it is counted in {@link #unpriced()} and logged once per model.
 *
 * <p>Thread-safe; called on event loops, it does no I/O beyond that one log line.
 */
public final class Cost {

    private static final Logger LOG = LoggerFactory.getLogger(Cost.class);

    private record Merged(Map<String, PriceOverride> overrides, PriceTable table) {}

    private final AtomicLong unpriced = new AtomicLong();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile Merged merged = new Merged(Map.of(), PriceTable.builtIn());

    /**
     * The dollar cost, or {@code null} when neither the deployment nor the table prices the model.
     *
     * @param overrides the config's {@code prices:} section (the current snapshot's)
     */
    public @Nullable Double of(
            Usage usage,
            @Nullable Prices deploymentPrices,
            @Nullable String upstreamModel,
            Map<String, PriceOverride> overrides) {
        Prices prices = prices(deploymentPrices, upstreamModel, overrides);
        if (prices == null) {
            unpriced.incrementAndGet();
            if (upstreamModel != null && warned.add(upstreamModel)) {
                LOG.warn(
                        "no price known for model '{}': its usage is recorded with a null cost; add it under prices: in the config",
                        upstreamModel);
            }
            return null;
        }
        return dollars(prices, usage);
    }

    /**
     * What {@code usage} costs at {@code prices}, every token class at its own rate, plus the units
     * billed besides tokens (search units, audio minutes, speech characters, images).
     */
    public static double dollars(Prices prices, Usage usage) {
        return prices.cost(usage.units())
                + prices.cost(new Prices.Tokens(
                        usage.inputTokens(),
                        usage.cachedInputTokens(),
                        usage.cacheWriteTokens(),
                        usage.cacheWrite1hTokens(),
                        usage.outputTokens(),
                        usage.reasoningTokens()));
    }

    /**
     * The prices a request is charged at: the deployment's own, else the table's (with
     * {@code overrides} applied) for {@code upstreamModel}; {@code null} when neither knows it.
     * Budgets reserve and settle at these prices, so they agree with the recorded cost.
     */
    public @Nullable Prices prices(
            @Nullable Prices deploymentPrices, @Nullable String upstreamModel, Map<String, PriceOverride> overrides) {
        if (deploymentPrices != null) {
            return deploymentPrices;
        }
        PriceTable.Entry entry = table(overrides).find(upstreamModel);
        return entry == null ? null : entry.prices();
    }

    /** How many requests had no price (the warning metric). */
    public long unpriced() {
        return unpriced.get();
    }

    /** The table with {@code overrides} applied, rebuilt only when the config's section changes. */
    private PriceTable table(Map<String, PriceOverride> overrides) {
        Merged m = merged;
        if (m.overrides() != overrides) {
            m = new Merged(overrides, PriceTable.builtIn().with(overrides));
            merged = m;
        }
        return m.table();
    }
}
