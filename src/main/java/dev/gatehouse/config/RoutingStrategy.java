package dev.gatehouse.config;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** How a model group orders its deployments for one request. */
public enum RoutingStrategy {
    /** In the order listed: the first healthy, capable deployment, then the next on failure. */
    FALLBACK("fallback"),
    /** At random in proportion to the weights (A/B tests, canaries), the rest as fallbacks. */
    WEIGHTED("weighted"),
    /** The lowest price for the request's estimated tokens first. */
    CHEAPEST("cheapest"),
    /** The lowest recent latency (EWMA of time to first token) first. */
    FASTEST("fastest"),
    /** The fewest requests in flight first. */
    LEAST_BUSY("least_busy"),
    /** Classifies the prompt into a tier and routes to the model group mapped to it. */
    COMPLEXITY("complexity");

    private final String configName;

    RoutingStrategy(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static @Nullable RoutingStrategy parse(String name) {
        for (RoutingStrategy s : values()) {
            if (s.configName.equals(name)) {
                return s;
            }
        }
        return null;
    }

    public static String choices() {
        return Arrays.stream(values()).map(RoutingStrategy::configName).collect(Collectors.joining(", "));
    }
}
