package dev.gatehouse.metering;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A usage report: records with {@code from <= time < to} matching every filter, grouped by the
 * dimensions and (optionally) a time bucket.
 *
 * @param from inclusive start, or {@code null} for the beginning
 * @param to exclusive end, or {@code null} for now and later
 * @param filters dimension to the value it must equal
 * @param groupBy dimensions to group by, in output order
 * @param bucket the time bucket, or {@code null} for one row per group over the whole range
 */
public record UsageQuery(
        @Nullable Instant from,
        @Nullable Instant to,
        Map<UsageDimension, String> filters,
        List<UsageDimension> groupBy,
        @Nullable Bucket bucket) {

    public enum Bucket {
        HOUR,
        DAY,
        MONTH
    }

    public UsageQuery {
        filters = Map.copyOf(filters);
        groupBy = List.copyOf(groupBy);
    }

    public static UsageQuery all() {
        return new UsageQuery(null, null, Map.of(), List.of(), null);
    }
}
