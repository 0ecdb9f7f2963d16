package dev.gatehouse.metering;

import java.time.Instant;
import java.util.List;

/** Usage records for tests. */
final class UsageRecords {

    private UsageRecords() {}

    static UsageRecord of(String id, Instant time, String key, String model, String provider, List<String> tags, long input, long cached,
            long output, Double cost) {
        return new UsageRecord(id, time.toEpochMilli(), key, null, null, tags, model, provider, provider + "/" + model, input, cached, 0,
                output, false, cost, 12.5, 3.0, 200, null, "none", 1, false);
    }

    static UsageRecord simple(String id, Instant time) {
        return of(id, time, "k1", "gpt-4o", "openai", List.of(), 10, 0, 5, 0.001);
    }
}
