package dev.gatehouse.api;

import dev.gatehouse.config.Priority;
import dev.gatehouse.config.RoutingStrategy;
import dev.gatehouse.pipeline.Exchange;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The per-request choices of one request, read once from {@code x-gateway-options} and the older
 * headers that mean the same ({@link RequestOptionsReader}); routing, dispatch, metering and the
 * cache read them from here and nowhere else. A null field or empty collection is a choice the caller
 * did not make. Immutable.
 *
 * @param provider serve the request only from deployments of this provider
 * @param deployment serve it only from this deployment ({@code provider/model}, as
 *     {@code x-gatehouse-deployment} names it)
 * @param strategy order the deployments of each group this way instead of the group's strategy
 * @param fallbacks the fallback chain to use instead of the configured one (model group names)
 * @param timeout the whole request, every attempt included, ends within this (tightens
 *     {@code router.deadline} and each call's {@code total})
 * @param firstByteTimeout each upstream call answers within this (tightens {@code first_byte})
 * @param retries extra tries of one deployment (tightens {@code router.retries})
 * @param tags feature tags for the usage record
 * @param metadata string labels for the usage record
 * @param prompt the prompt template to render, from {@code x-gateway-options.prompt}
 * @param priority the priority asked for ({@code x-gatehouse-priority} or {@code x-gateway-options.priority})
 * @param used every option the request made, with the header or option path that made it (for the
 *     per-key check and its error), in the order read
 */
public record RequestOptions(
        @Nullable String provider,
        @Nullable String deployment,
        @Nullable RoutingStrategy strategy,
        @Nullable List<String> fallbacks,
        @Nullable Duration timeout,
        @Nullable Duration firstByteTimeout,
        @Nullable Integer retries,
        CacheOptions cache,
        List<String> tags,
        Map<String, String> metadata,
        @Nullable PromptReference prompt,
        Map<RequestOption, String> used,
        @Nullable Priority priority) {

    /** The options of the request, once {@code ReadOptions} read them. */
    public static final Exchange.Key<RequestOptions> KEY = Exchange.Key.of("request-options");

    /** A request that chose nothing. */
    public static final RequestOptions NONE = new RequestOptions(
            null, null, null, null, null, null, null, CacheOptions.NONE, List.of(), Map.of(), null, Map.of(), null);

    public RequestOptions {
        fallbacks = fallbacks == null ? null : List.copyOf(fallbacks);
        tags = List.copyOf(tags);
        metadata = Map.copyOf(metadata);
        used = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(used));
    }

    /** The options of {@code ex}, or {@link #NONE} when they were not read (the request failed first). */
    public static RequestOptions of(Exchange ex) {
        RequestOptions options = ex.find(KEY);
        return options == null ? NONE : options;
    }
}
