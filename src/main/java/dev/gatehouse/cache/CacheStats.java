package dev.gatehouse.cache;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import org.jspecify.annotations.Nullable;

/** This instance's cache counters since start, for {@code GET /admin/v1/cache}. Thread-safe. */
public final class CacheStats {

    private final AtomicLong exactHits = new AtomicLong();
    private final AtomicLong semanticHits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong bypassed = new AtomicLong();
    private final DoubleAdder savedUsd = new DoubleAdder();

    void hit(boolean semantic, @Nullable Double saved) {
        (semantic ? semanticHits : exactHits).incrementAndGet();
        if (saved != null) {
            savedUsd.add(saved);
        }
    }

    void miss() {
        misses.incrementAndGet();
    }

    void bypass() {
        bypassed.incrementAndGet();
    }

    public long exactHits() {
        return exactHits.get();
    }

    public long semanticHits() {
        return semanticHits.get();
    }

    public long misses() {
        return misses.get();
    }

    public long bypassed() {
        return bypassed.get();
    }

    public double savedUsd() {
        return savedUsd.sum();
    }

    /** Hits over lookups (hits and misses; bypassed requests did not look), 0 before any lookup. */
    public double hitRate() {
        long hits = exactHits() + semanticHits();
        long lookups = hits + misses();
        return lookups == 0 ? 0 : (double) hits / lookups;
    }
}
