package dev.gatehouse.budget;

import dev.gatehouse.config.Prices;
import dev.gatehouse.routing.Candidate;
import dev.gatehouse.usage.PriceTable;
import dev.gatehouse.usage.Usage;

/** A deployment's prices (its configured ones, else the built-in table's) and costs in micro-dollars. */
final class Pricing {

    private Pricing() {}

    /** The candidate's prices, or null when neither its config nor the built-in table knows them. */
    static Prices of(Candidate c) {
        if (c.deployment() != null && c.deployment().prices() != null) {
            return c.deployment().prices();
        }
        PriceTable.Entry entry = PriceTable.builtIn().find(c.upstreamModel());
        return entry == null ? null : entry.prices();
    }

    /** The most a request of these sizes can cost at these prices, rounded up. */
    static long worstCaseMicros(Prices p, long inputTokens, long outputTokens) {
        return p == null ? 0 : (long) Math.ceil(p.cost(inputTokens, 0, 0, outputTokens) * 1_000_000);
    }

    static long micros(Prices p, Usage u) {
        return p == null ? 0 : (long) Math.ceil(p.cost(u.inputTokens(), u.cachedInputTokens(), u.cacheWriteTokens(), u.outputTokens()) * 1_000_000);
    }
}
