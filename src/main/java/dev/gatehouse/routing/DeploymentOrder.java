package dev.gatehouse.routing;

import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.config.DeploymentSettings;
import dev.gatehouse.config.Prices;
import dev.gatehouse.config.RoutingStrategy;
import dev.gatehouse.usage.PriceTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Orders one group's candidates by its strategy. Candidates whose breaker is open go last, in the
 * same relative order.
 */
public final class DeploymentOrder {

    /** Output tokens assumed when ranking by cost a request that sets no limit. */
    static final int ASSUMED_OUTPUT_TOKENS = 1000;

    private final PriceTable prices;
    private final DoubleSupplier random;

    public DeploymentOrder(PriceTable prices, DoubleSupplier random) {
        this.prices = prices;
        this.random = random;
    }

    /**
     * The deployment with its context window filled in from the price table when the config has none.
     *
     * @param upstreamModel the name the deployment sends, as {@link dev.gatehouse.config.ModelGroup#upstreamModel}
     */
    DeploymentSettings withKnownWindow(DeploymentSettings d, String upstreamModel) {
        if (d.contextWindow() != null) {
            return d;
        }
        PriceTable.Entry entry = prices.find(upstreamModel);
        if (entry == null || entry.contextWindow() == null) {
            return d;
        }
        return new DeploymentSettings(
                d.provider(),
                d.model(),
                d.weight(),
                entry.contextWindow(),
                d.capabilities(),
                d.prices(),
                d.timeouts(),
                d.tags(),
                d.rateLimit(),
                d.batchApi());
    }

    List<Candidate> sort(
            RoutingStrategy strategy, List<Candidate> candidates, CanonicalRequest request, long inputTokens) {
        List<Candidate> sorted = switch (strategy) {
            case WEIGHTED -> weighted(candidates);
            case CHEAPEST -> byKey(candidates, c -> cost(c, request, inputTokens));
            case FASTEST ->
                byKey(
                        candidates,
                        c -> Double.isNaN(c.stats().ttftMillis())
                                ? -1
                                : c.stats().ttftMillis());
            case LEAST_BUSY -> byKey(candidates, c -> c.stats().inFlight());
            case FALLBACK, COMPLEXITY -> new ArrayList<>(candidates);
        };
        sorted.sort(Comparator.comparing(c -> !c.stats().breaker().isAvailable()));
        return sorted;
    }

    /** Estimated dollar cost; unknown prices rank after every known one. */
    double cost(Candidate c, CanonicalRequest request, long inputTokens) {
        Prices p = c.deployment().prices();
        if (p == null) {
            PriceTable.Entry entry = prices.find(c.upstreamModel());
            p = entry == null ? null : entry.prices();
        }
        if (p == null) {
            return Double.MAX_VALUE;
        }
        int output = request.maxOutputTokens() == null ? ASSUMED_OUTPUT_TOKENS : request.maxOutputTokens();
        return p.cost(inputTokens, 0, 0, output);
    }

    private static List<Candidate> byKey(
            List<Candidate> candidates, java.util.function.ToDoubleFunction<Candidate> key) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(key));
        return sorted;
    }

    /** A weighted random order: each next pick is drawn in proportion to the remaining weights. */
    private List<Candidate> weighted(List<Candidate> candidates) {
        List<Candidate> left = new ArrayList<>(candidates);
        List<Candidate> out = new ArrayList<>(candidates.size());
        while (!left.isEmpty()) {
            long total = 0;
            for (Candidate c : left) {
                total += c.deployment().weight();
            }
            int pick = 0;
            if (total > 0) {
                double r = random.getAsDouble() * total;
                for (int i = 0; i < left.size(); i++) {
                    r -= left.get(i).deployment().weight();
                    if (r < 0) {
                        pick = i;
                        break;
                    }
                }
            }
            out.add(left.remove(pick));
        }
        return out;
    }
}
