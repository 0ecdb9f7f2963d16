package dev.gatehouse.config;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One place a model group can send a request: a provider and the model name there.
 *
 * @param model the provider's model name; {@code null} sends the group's name (see
 *     {@link ModelGroup#upstreamModel})
 * @param weight share of traffic under the weighted strategy
 * @param contextWindow input plus output tokens the model accepts, or {@code null} when unknown
 * @param capabilities what the model behind it supports, of the {@link Capability#configured()} ones;
 *     requests needing anything else skip it
 * @param prices list prices, or {@code null} when unknown (the cheapest strategy then ranks it last)
 * @param timeouts overrides the provider's timeouts, or {@code null}
 * @param rateLimit the provider's own rate limit for this deployment, which the gateway keeps to, or {@code null}
 * @param batchApi the provider batch API batch lines routed here use, or {@code null} to call one by one
 */
public record DeploymentSettings(
        String provider,
        @Nullable String model,
        int weight,
        @Nullable Integer contextWindow,
        Set<Capability> capabilities,
        @Nullable Prices prices,
        @Nullable Timeouts timeouts,
        List<String> tags,
        @Nullable DeploymentRateLimit rateLimit,
        @Nullable BatchApiSettings batchApi) {

    /** A deployment without a provider batch API. */
    public DeploymentSettings(
            String provider,
            @Nullable String model,
            int weight,
            @Nullable Integer contextWindow,
            Set<Capability> capabilities,
            @Nullable Prices prices,
            @Nullable Timeouts timeouts,
            List<String> tags,
            @Nullable DeploymentRateLimit rateLimit) {
        this(provider, model, weight, contextWindow, capabilities, prices, timeouts, tags, rateLimit, null);
    }

    /** A deployment without a provider rate limit of its own. */
    public DeploymentSettings(
            String provider,
            @Nullable String model,
            int weight,
            @Nullable Integer contextWindow,
            Set<Capability> capabilities,
            @Nullable Prices prices,
            @Nullable Timeouts timeouts,
            List<String> tags) {
        this(provider, model, weight, contextWindow, capabilities, prices, timeouts, tags, null, null);
    }

    public DeploymentSettings {
        capabilities = Set.copyOf(capabilities);
        tags = List.copyOf(tags);
    }

    /** A deployment with every configurable capability, no known window or prices: the zero-config form. */
    public static DeploymentSettings simple(String provider, @Nullable String model) {
        return new DeploymentSettings(provider, model, 1, null, Capability.configurable(), null, null, List.of());
    }

    /** The same deployment at other prices (a provider batch API's discounted ones). */
    public DeploymentSettings withPrices(@Nullable Prices newPrices) {
        return new DeploymentSettings(
                provider, model, weight, contextWindow, capabilities, newPrices, timeouts, tags, rateLimit, batchApi);
    }
}
