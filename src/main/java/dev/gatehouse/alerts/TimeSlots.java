package dev.gatehouse.alerts;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A ring of fixed-width time slots, each holding an accumulator (a sum of dollars, a latency
 * histogram), for sums over trailing windows. A slot is reused once its time has passed out of the
 * ring. Adding is O(1). Thread-safe (synchronized: an add is a few field updates).
 */
final class TimeSlots<T> {

    private final long widthMillis;
    private final long[] slotStart;
    private final Object[] values;
    private final Supplier<T> fresh;
    private final Consumer<T> clear;
    private long firstMillis = Long.MAX_VALUE;

    TimeSlots(long widthMillis, int count, Supplier<T> fresh, Consumer<T> clear) {
        this.widthMillis = widthMillis;
        this.slotStart = new long[count];
        this.values = new Object[count];
        this.fresh = fresh;
        this.clear = clear;
        java.util.Arrays.fill(slotStart, Long.MIN_VALUE);
    }

    /** How long the ring covers. */
    long spanMillis() {
        return widthMillis * slotStart.length;
    }

    /** Runs {@code update} on the accumulator of the slot holding {@code atMillis}. */
    @SuppressWarnings("unchecked")
    synchronized void add(long atMillis, Consumer<T> update) {
        firstMillis = Math.min(firstMillis, atMillis);
        long start = atMillis - Math.floorMod(atMillis, widthMillis);
        int i = (int) Math.floorMod(start / widthMillis, (long) slotStart.length);
        if (slotStart[i] != start) {
            if (values[i] == null) {
                values[i] = fresh.get();
            } else {
                clear.accept((T) values[i]);
            }
            slotStart[i] = start;
        }
        update.accept((T) values[i]);
    }

    /** Visits the accumulator of every slot that starts in {@code [fromMillis, toMillis)}. */
    @SuppressWarnings("unchecked")
    synchronized void forEach(long fromMillis, long toMillis, Consumer<T> visit) {
        for (int i = 0; i < slotStart.length; i++) {
            if (values[i] != null && slotStart[i] >= fromMillis && slotStart[i] < toMillis) {
                visit.accept((T) values[i]);
            }
        }
    }

    /** When the first value was added; {@link Long#MAX_VALUE} before. */
    synchronized long firstMillis() {
        return firstMillis;
    }

    /** The start of the slot holding {@code atMillis}. */
    long slotOf(long atMillis) {
        return atMillis - Math.floorMod(atMillis, widthMillis);
    }
}
