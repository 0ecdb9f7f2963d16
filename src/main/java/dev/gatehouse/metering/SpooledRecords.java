package dev.gatehouse.metering;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The usage records this process put in the {@link Spool}, kept in memory in spool order with the
 * place of each entry, so that the deliverer hands the store the objects it already has instead of
 * reading the spool back and parsing every entry again. Each object is the immutable record its
 * entry's bytes were serialized from, so the two cannot disagree.
 *
 * <p>Bounded: beyond {@code capacity} records (a long store outage), entries are spooled without
 * their object, and the deliverer parses those from the spool as it does a previous process's.
 *
 * <p>Thread-safe: the appender adds, the deliverer takes and releases.
 */
final class SpooledRecords {

    /** One spooled entry: where it starts, where the next one starts, and its record. */
    record Entry(SpoolPosition start, SpoolPosition end, UsageRecord record) {}

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final int capacity;

    SpooledRecords(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Keeps the records of entries appended one after the other from {@code start}, as many as fit;
     * returns how many did.
     */
    synchronized int add(SpoolPosition start, List<byte[]> payloads, List<UsageRecord> records) {
        long offset = start.offset();
        int kept = 0;
        for (int i = 0; i < payloads.size() && entries.size() < capacity; i++) {
            long next = offset + Spool.HEADER + payloads.get(i).length;
            entries.addLast(new Entry(
                    new SpoolPosition(start.segment(), offset),
                    new SpoolPosition(start.segment(), next),
                    records.get(i)));
            offset = next;
            kept++;
        }
        return kept;
    }

    /**
     * Up to {@code max} entries that follow each other from {@code at}, without removing them; empty
     * when the entry at {@code at} is not kept. Entries before {@code at} (already delivered from the
     * spool) are dropped.
     */
    synchronized List<Entry> from(SpoolPosition at, int max) {
        while (!entries.isEmpty() && entries.peekFirst().start().compareTo(at) < 0) {
            entries.pollFirst();
        }
        List<Entry> run = new ArrayList<>();
        SpoolPosition expected = at;
        for (Entry e : entries) {
            if (run.size() >= max || !e.start().equals(expected)) {
                break;
            }
            run.add(e);
            expected = e.end();
        }
        return run;
    }

    /** Where the first kept entry starts, or {@code end} when none is kept. */
    synchronized SpoolPosition firstOr(SpoolPosition end) {
        Entry first = entries.peekFirst();
        return first == null ? end : first.start();
    }

    /** Forgets the entries wholly before {@code position}, once they are in the store. */
    synchronized void release(SpoolPosition position) {
        while (!entries.isEmpty() && entries.peekFirst().end().compareTo(position) <= 0) {
            entries.pollFirst();
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
