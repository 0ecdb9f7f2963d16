package dev.gatehouse.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.ChatRequestValidator;
import dev.gatehouse.config.Capability;
import dev.gatehouse.config.DeploymentSettings;
import dev.gatehouse.config.ModelGroup;
import dev.gatehouse.config.Prices;
import dev.gatehouse.config.RouterSettings;
import dev.gatehouse.config.RoutingStrategy;
import dev.gatehouse.json.Json;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.usage.PriceTable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeploymentOrderTest {

    private final ManualClock clock = new ManualClock();
    private final DeploymentRegistry registry =
            new DeploymentRegistry(clock, () -> RouterSettings.BreakerSettings.defaults());
    private final Random random = new Random(42);
    private final DeploymentOrder order = new DeploymentOrder(PriceTable.builtIn(), random::nextDouble);
    private final CanonicalRequest request = ChatRequestValidator.validate(
            (ObjectNode) Json.parse(
                    "{\"model\":\"m\",\"max_tokens\":500,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
            null);

    private Candidate candidate(String provider, String model, int weight, Prices prices) {
        DeploymentSettings d = new DeploymentSettings(
                provider, model, weight, null, Set.of(Capability.values()), prices, null, List.of());
        return new Candidate(
                ModelGroup.single("m", provider, model), d, null, model, registry.get(provider, model), false);
    }

    @Test
    void weightedOrderMatchesTheWeightsWithinStatisticalBounds() {
        List<Candidate> candidates = List.of(candidate("a", "x", 90, null), candidate("b", "y", 10, null));
        Map<String, Integer> firsts = new HashMap<>();
        int draws = 20_000;
        for (int i = 0; i < draws; i++) {
            firsts.merge(
                    order.sort(RoutingStrategy.WEIGHTED, candidates, request, 100)
                            .get(0)
                            .id(),
                    1,
                    Integer::sum);
        }

        // Binomial(20000, 0.1): mean 2000, sd ~42; four sd either way.
        assertThat(firsts.get("b/y")).isBetween(2000 - 170, 2000 + 170);
    }

    @Test
    void aZeroWeightCanaryNeverGoesFirstButStaysAsFallback() {
        List<Candidate> candidates = List.of(candidate("a", "x", 1, null), candidate("b", "y", 0, null));

        for (int i = 0; i < 1000; i++) {
            List<Candidate> sorted = order.sort(RoutingStrategy.WEIGHTED, candidates, request, 100);
            assertThat(sorted.get(0).id()).isEqualTo("a/x");
            assertThat(sorted).hasSize(2);
        }
    }

    @Test
    void cheapestRanksByEstimatedCostAndFollowsPriceChanges() {
        Candidate costly = candidate("a", "x", 1, new Prices(3, 3, 3, 15));
        Candidate cheap = candidate("b", "y", 1, new Prices(0.15, 0.15, 0.15, 0.6));
        Candidate fromTable = candidate("c", "gpt-4.1-nano", 1, null);
        Candidate unknown = candidate("d", "mystery-model", 1, null);

        assertThat(order.sort(RoutingStrategy.CHEAPEST, List.of(costly, unknown, cheap, fromTable), request, 1000))
                .extracting(Candidate::id)
                .containsExactly("c/gpt-4.1-nano", "b/y", "a/x", "d/mystery-model");

        Candidate cheaperNow = candidate("a", "x", 1, new Prices(0.01, 0.01, 0.01, 0.01));
        assertThat(order.sort(RoutingStrategy.CHEAPEST, List.of(cheaperNow, cheap, fromTable), request, 1000)
                        .get(0)
                        .id())
                .isEqualTo("a/x");
    }

    @Test
    void fastestPrefersTheLowestRecentTimeToFirstTokenAndTriesUnmeasuredOnesFirst() {
        Candidate slow = candidate("a", "x", 1, null);
        Candidate fast = candidate("b", "y", 1, null);
        Candidate fresh = candidate("c", "z", 1, null);
        slow.stats().recordSuccess(900, 2000);
        fast.stats().recordSuccess(120, 800);

        assertThat(order.sort(RoutingStrategy.FASTEST, List.of(slow, fast, fresh), request, 10))
                .extracting(Candidate::id)
                .containsExactly("c/z", "b/y", "a/x");

        for (int i = 0; i < 20; i++) {
            fast.stats().recordSuccess(3000, 5000);
        }
        fresh.stats().recordSuccess(400, 900);
        assertThat(order.sort(RoutingStrategy.FASTEST, List.of(slow, fast, fresh), request, 10))
                .extracting(Candidate::id)
                .containsExactly("c/z", "a/x", "b/y");
    }

    @Test
    void leastBusyPrefersFewerRequestsInFlight() {
        Candidate busy = candidate("a", "x", 1, null);
        Candidate idle = candidate("b", "y", 1, null);
        busy.stats().started();
        busy.stats().started();
        idle.stats().started();

        assertThat(order.sort(RoutingStrategy.LEAST_BUSY, List.of(busy, idle), request, 10)
                        .get(0)
                        .id())
                .isEqualTo("b/y");
    }

    @Test
    void putsDeploymentsWithAnOpenBreakerLast() {
        Candidate broken = candidate("a", "x", 1, null);
        Candidate healthy = candidate("b", "y", 1, null);
        for (int i = 0; i < 5; i++) {
            broken.stats().breaker().onFailure(null);
        }

        assertThat(order.sort(RoutingStrategy.FALLBACK, List.of(broken, healthy), request, 10))
                .extracting(Candidate::id)
                .containsExactly("b/y", "a/x");
    }
}
