package dev.gatehouse.budget;

import dev.gatehouse.config.BilledUnits;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.Prices;
import dev.gatehouse.routing.Candidate;
import dev.gatehouse.usage.Cost;
import dev.gatehouse.usage.Usage;
import org.jspecify.annotations.Nullable;

/**
 * A deployment's prices, resolved exactly as the usage record's cost is ({@link Cost#prices}: its
 * configured ones, else the price table with the config's {@code prices:} overrides), and costs in
 * nano-dollars. Thread-safe.
 */
public final class Pricing {

    private final Cost cost;

    public Pricing(Cost cost) {
        this.cost = cost;
    }

    /**
     * The candidate's prices under {@code config}'s overrides, or null when neither its config nor
     * the price table knows them.
     */
    @Nullable
    Prices of(Candidate c, GatewayConfig config) {
        return cost.prices(
                c.deployment() == null ? null : c.deployment().prices(),
                c.upstreamModel(),
                config.usage().prices());
    }

    /** The most a request of these sizes can cost at these prices. */
    static long worstCaseNanos(@Nullable Prices p, long inputTokens, long outputTokens) {
        return worstCaseNanos(p, inputTokens, outputTokens, BilledUnits.NONE);
    }

    /** The most a request of these sizes and these other units (images, characters, minutes) can cost. */
    static long worstCaseNanos(@Nullable Prices p, long inputTokens, long outputTokens, BilledUnits units) {
        return p == null ? 0 : Budget.nanos(p.cost(inputTokens, 0, 0, outputTokens) + p.cost(units));
    }

    static long nanos(@Nullable Prices p, Usage u) {
        // The same arithmetic as the usage record's cost, so 1-hour writes, reasoning and tiers settle alike.
        // Rounded to the nearest nano-dollar, not up: rounding every request up made a budget of tiny
        // requests stop well before the sum of its records reached the cap.
        return p == null ? 0 : Budget.nanos(Cost.dollars(p, u));
    }
}
