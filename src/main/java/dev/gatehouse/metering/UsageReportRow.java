package dev.gatehouse.metering;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One row of a usage report.
 *
 * @param bucket the bucket's start ({@code 2025-10-01T13:00:00Z}, {@code 2025-10-01}, {@code 2025-10}),
 *     or {@code null} when the report has no buckets
 * @param dimensions the grouped dimensions' values (a missing value is {@code null})
 * @param cacheWriteTokens the part of {@code inputTokens} written to prompt caches
 * @param reasoningTokens the part of {@code outputTokens} spent reasoning
 * @param costUsd the summed cost of the priced requests
 * @param unpriced requests whose model had no price (not in {@code costUsd})
 * @param savedUsd what the response cache's hits saved (the cost of the answers they reused)
 */
public record UsageReportRow(
        @Nullable String bucket,
        Map<UsageDimension, String> dimensions,
        long requests,
        long inputTokens,
        long cachedTokens,
        long cacheWriteTokens,
        long outputTokens,
        long reasoningTokens,
        double costUsd,
        long unpriced,
        double savedUsd) {

    /** A row without cache savings. */
    public UsageReportRow(
            @Nullable String bucket,
            Map<UsageDimension, String> dimensions,
            long requests,
            long inputTokens,
            long cachedTokens,
            long cacheWriteTokens,
            long outputTokens,
            long reasoningTokens,
            double costUsd,
            long unpriced) {
        this(
                bucket,
                dimensions,
                requests,
                inputTokens,
                cachedTokens,
                cacheWriteTokens,
                outputTokens,
                reasoningTokens,
                costUsd,
                unpriced,
                0);
    }
}
