package dev.gatehouse.metering;

import java.time.Instant;
import java.util.List;

/** Usage records for tests. */
final class UsageRecords {

    private UsageRecords() {}

    static UsageRecord of(
            String id,
            Instant time,
            String key,
            String model,
            String provider,
            List<String> tags,
            long input,
            long cached,
            long output,
            Double cost) {
        return UsageRecord.builder()
                .requestId(id)
                .timeMs(time.toEpochMilli())
                .keyId(key)
                .tags(tags)
                .publicModel(model)
                .provider(provider)
                .deployment(provider + "/" + model)
                .inputTokens(input)
                .cachedTokens(cached)
                .outputTokens(output)
                .costUsd(cost)
                .latencyMs(12.5)
                .ttftMs(3.0)
                .status(200)
                .attempts(1)
                .build();
    }

    static UsageRecord simple(String id, Instant time) {
        return of(id, time, "k1", "gpt-4o", "openai", List.of(), 10, 0, 5, 0.001);
    }
}
