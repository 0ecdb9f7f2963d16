package dev.gatehouse.alerts;

/**
 * Counts of latencies in buckets that grow by a quarter each (1 ms to about 20 minutes), for
 * percentiles within a quarter of the true value without keeping every sample. Not thread-safe:
 * {@link TimeSlots} guards it.
 */
final class LatencyHistogram {

    private static final double GROWTH = 1.25;
    private static final int BUCKETS = 64;

    private final long[] counts = new long[BUCKETS];
    private long total;

    void add(double millis) {
        int b = millis <= 1 ? 0 : (int) Math.min(BUCKETS - 1, Math.ceil(Math.log(millis) / Math.log(GROWTH)));
        counts[b]++;
        total++;
    }

    void addAll(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    void clear() {
        java.util.Arrays.fill(counts, 0);
        total = 0;
    }

    long total() {
        return total;
    }

    /** The upper bound of the bucket holding quantile {@code q}; NaN when empty. */
    double quantile(double q) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.pow(GROWTH, i);
            }
        }
        return Math.pow(GROWTH, BUCKETS - 1);
    }
}
