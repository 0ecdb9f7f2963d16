package dev.gatehouse.alerts;

import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.metering.RequestListener;
import dev.gatehouse.metering.RequestSummary;
import dev.gatehouse.metering.UsageRecord;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What the rules read from finished requests: each deployment's latencies per minute (answers a
 * provider gave, not cache hits) and each key's and team's spend per five minutes. O(1) per request
 * on its event loop. The number of keys and teams tracked is capped, so made-up subjects cannot grow
 * memory without bound; spend of subjects past the cap is not watched (and counted).
 */
final class RequestSignals implements RequestListener {

    static final long LATENCY_SLOT_MILLIS = 60_000;
    static final int LATENCY_SLOTS = 25 * 60;
    static final long SPEND_SLOT_MILLIS = 5 * 60_000;
    static final int SPEND_SLOTS = 49 * 12;
    private static final int MAX_SUBJECTS = 10_000;

    private final Map<String, TimeSlots<LatencyHistogram>> latency = new ConcurrentHashMap<>();
    private final Map<AlertSubject, TimeSlots<double[]>> spend = new ConcurrentHashMap<>();
    private final AtomicLong untracked = new AtomicLong();

    @Override
    public void finished(RequestSummary summary, GatewayConfig config) {
        UsageRecord r = summary.usage();
        if (r.correction()) {
            return;
        }
        String deployment = r.deployment();
        if (deployment != null && r.status() == 200 && r.attempts() > 0 && !isCacheHit(r.cache())) {
            latency.computeIfAbsent(
                            deployment,
                            d -> new TimeSlots<>(
                                    LATENCY_SLOT_MILLIS, LATENCY_SLOTS, LatencyHistogram::new, LatencyHistogram::clear))
                    .add(r.timeMs(), h -> h.add(r.latencyMs()));
        }
        Double cost = r.costUsd();
        if (cost != null && cost > 0) {
            if (r.keyId() != null) {
                addSpend(new AlertSubject("key", r.keyId()), r.timeMs(), cost);
            }
            if (r.teamId() != null) {
                addSpend(new AlertSubject("team", r.teamId()), r.timeMs(), cost);
            }
        }
    }

    private static boolean isCacheHit(@Nullable String cache) {
        return "exact".equals(cache) || "semantic".equals(cache);
    }

    private void addSpend(AlertSubject subject, long atMillis, double usd) {
        TimeSlots<double[]> slots = spend.get(subject);
        if (slots == null) {
            if (spend.size() >= MAX_SUBJECTS) {
                untracked.incrementAndGet();
                return;
            }
            slots = spend.computeIfAbsent(
                    subject, s -> new TimeSlots<>(SPEND_SLOT_MILLIS, SPEND_SLOTS, () -> new double[1], a -> a[0] = 0));
        }
        slots.add(atMillis, a -> a[0] += usd);
    }

    Map<String, TimeSlots<LatencyHistogram>> latency() {
        return latency;
    }

    Map<AlertSubject, TimeSlots<double[]>> spend() {
        return spend;
    }

    /** Requests whose spend was not watched because too many keys and teams are. */
    long untracked() {
        return untracked.get();
    }
}
