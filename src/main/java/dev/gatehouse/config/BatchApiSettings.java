package dev.gatehouse.config;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A deployment's provider batch API ({@code batch_api: true}): batch lines routed there go to the
 * provider's own batch API (OpenAI Batch, Anthropic Message Batches) instead of one call each.
 *
 * @param discount the share of the list price the batch API takes off (both providers document 50%)
 * @param pollInterval how long between two looks at a submitted provider batch
 */
public record BatchApiSettings(double discount, Duration pollInterval) {

    public static final double DEFAULT_DISCOUNT = 0.5;
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(60);

    /** The types whose provider has a batch API the gateway speaks. */
    static boolean supports(ProviderType type) {
        return type == ProviderType.OPENAI || type == ProviderType.ANTHROPIC;
    }

    /** Reads {@code batch_api}, {@code batch_discount} and {@code batch_poll_interval}; null when off. */
    static @Nullable BatchApiSettings read(ConfigNode node, @Nullable ProviderSettings provider) {
        boolean on = node.bool("batch_api", false);
        double discount = node.number("batch_discount", DEFAULT_DISCOUNT, 0, 1);
        Duration poll = node.duration("batch_poll_interval", DEFAULT_POLL);
        if (!on) {
            for (String field : new String[] {"batch_discount", "batch_poll_interval"}) {
                if (node.has(field)) {
                    node.problem(field, "applies to a deployment with batch_api: true");
                }
            }
            return null;
        }
        if (provider != null && !supports(provider.type())) {
            node.problem(
                    "batch_api",
                    "provider '" + provider.name() + "' is of type "
                            + provider.type().configName()
                            + ", which has no batch API; batch_api needs an openai or anthropic provider");
        }
        if (poll.isZero() || poll.isNegative()) {
            node.problem("batch_poll_interval", "must be positive");
        }
        return new BatchApiSettings(discount, poll);
    }
}
