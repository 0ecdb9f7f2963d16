package dev.gatehouse.metering;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * A small file mapped into memory where event loops leave usage records on their way to the
 * {@link Spool}. Putting a record here is a copy into memory, not a system call, and the bytes
 * belong to the operating system's page cache from that moment: a {@code kill -9} of the process
 * cannot lose them. That lets a response end as soon as its record is staged, without waiting for
 * another thread to write the spool (which cost two thread wake-ups per request on a busy core).
 *
 * <p>The spool's appender thread {@link #drain drains} the ring into the spool, then
 * {@link #released releases} what it drained. After a crash, {@link #recover} finds the entries
 * that were staged but not yet released, in staging order.
 *
 * <p>Layout: a 64-byte header holding the highest sequence number known to be in the spool, then
 * the ring. Each entry is {@code magic(4) length(4) crc32(4) sequence(8) payload(length)}, padded to
 * 8 bytes, with the magic written last. An entry that does not fit before the ring's end is preceded
 * by a wrap marker. Recovery needs no pointers: it scans for entries whose checksum holds and whose
 * sequence number is above the header's, so a torn write or a stale entry from an earlier lap is
 * simply not found.
 *
 * <p>Thread-safe. {@link #stage} may be called from any thread and never blocks on I/O; it returns
 * {@code false} when the ring is full (the appender is behind) and the caller must take another
 * path. {@link #drain} and {@link #released} are called by one thread at a time. The mapping is made
 * once and lives as long as the process (Java 17 cannot unmap), so the file is never replaced.
 *
 * <p>Beside each entry the ring keeps, in memory only, the object its payload was serialized from
 * (its <em>origin</em>), so that whoever drains it can use that object instead of parsing the bytes
 * back. Entries recovered from a previous process have no origin.
 *
 * @param <T> the type of the origins
 */
final class StagingRing<T> {

    static final String FILE_NAME = "staging.ring";
    private static final int ENTRY = 0x47485352; // "GHSR"
    private static final int WRAP = 0x47485357; // "GHSW"
    private static final int HEADER = 64;
    private static final int ENTRY_HEADER = 20;
    private static final int DRAINED_SEQUENCE_AT = 8;
    private static final int FILE_MAGIC = 0x47485347; // "GHSG"

    /** A staged payload and its sequence number. */
    record Staged(long sequence, byte[] payload) {}

    /**
     * What {@link #drain} took: the payloads in staging order, the origins of the ones this process
     * staged (the same length as {@code payloads}, or empty for {@linkplain #recovered recovered}
     * entries), and the point to release up to.
     */
    record Drained<T>(List<byte[]> payloads, List<T> origins, long end, long lastSequence) {}

    private final MappedByteBuffer map;
    private final int capacity;
    /** The origins of the entries between tail and head, in the same order. */
    private final ArrayDeque<T> origins = new ArrayDeque<>();
    // Logical positions: they only grow, and the ring offset is position % capacity.
    private long head;
    private long tail;
    private long nextSequence;
    private long stagedSinceSignal;

    private StagingRing(MappedByteBuffer map, int capacity, long nextSequence) {
        this.map = map;
        this.capacity = capacity;
        this.nextSequence = nextSequence;
    }

    /**
     * Maps {@code file} (creating it with {@code capacity} bytes of ring; an existing ring keeps its
     * size) and touches every page so staging never takes a page fault for a fresh page. Blocking:
     * call it off the event loop.
     *
     * @param capacity a multiple of 8
     */
    static <T> StagingRing<T> open(Path file, int capacity) {
        if (capacity % 8 != 0 || capacity < 4096) {
            throw new IllegalArgumentException(
                    "staging ring capacity must be a multiple of 8 and at least 4096: " + capacity);
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long existing = raf.length() - HEADER;
            boolean reuse = existing >= 4096
                    && existing % 8 == 0
                    && existing <= Integer.MAX_VALUE
                    && raf.readInt() == FILE_MAGIC;
            // An existing ring keeps its size, whatever this process would choose: its entries can
            // only be found at the offsets they were written at.
            int size = reuse ? (int) existing : capacity;
            if (!reuse) {
                raf.setLength(0);
                raf.setLength(HEADER + (long) size);
            }
            MappedByteBuffer map = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, HEADER + (long) size);
            if (!reuse) {
                map.putInt(0, FILE_MAGIC);
                map.putLong(DRAINED_SEQUENCE_AT, 0);
            }
            map.load();
            return new StagingRing<>(map, size, map.getLong(DRAINED_SEQUENCE_AT) + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map the usage staging ring " + file, e);
        }
    }

    /**
     * The entries a previous process staged and never released, in staging order. Call before the
     * first {@link #stage}; then put them in the spool and call {@link #released(Drained)} with
     * {@link #recovered}.
     */
    synchronized List<Staged> recover() {
        long drained = map.getLong(DRAINED_SEQUENCE_AT);
        List<Staged> found = new ArrayList<>();
        int at = 0;
        while (at + ENTRY_HEADER <= capacity) {
            Staged entry = readValid(at);
            if (entry == null) {
                at += 8;
                continue;
            }
            if (entry.sequence() > drained) {
                found.add(entry);
            }
            at += padded(ENTRY_HEADER + entry.payload().length);
        }
        found.sort(Comparator.comparingLong(Staged::sequence));
        long last = found.isEmpty() ? drained : found.get(found.size() - 1).sequence();
        nextSequence = Math.max(nextSequence, last + 1);
        return found;
    }

    /**
     * The release point for entries {@link #recover} returned. Nothing is staged before recovery,
     * so the ring's own positions stay at their start.
     */
    static <T> Drained<T> recovered(List<Staged> entries) {
        long last = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).sequence();
        return new Drained<>(entries.stream().map(Staged::payload).toList(), List.of(), 0, last);
    }

    /**
     * Copies {@code payload} into the ring and keeps {@code origin}, the object it was serialized
     * from, beside it. Returns {@code false}, having changed nothing, when it does not fit in the free
     * space.
     */
    synchronized boolean stage(byte[] payload, T origin) {
        int size = padded(ENTRY_HEADER + payload.length);
        int offset = (int) (head % capacity);
        int skip = offset + size > capacity ? capacity - offset : 0;
        if (head + skip + size - tail > capacity) {
            return false;
        }
        if (skip > 0) {
            map.putInt(HEADER + offset, WRAP);
            head += skip;
            offset = 0;
        }
        long sequence = nextSequence++;
        int at = HEADER + offset;
        map.putInt(at + 4, payload.length);
        map.putInt(at + 8, checksum(sequence, payload));
        map.putLong(at + 12, sequence);
        map.put(at + ENTRY_HEADER, payload);
        map.putInt(at, ENTRY);
        origins.addLast(origin);
        head += size;
        stagedSinceSignal += size;
        return true;
    }

    /**
     * Whether the ring has filled a quarter of itself since the last time this returned true:
     * the point at which the appender should be woken rather than wait for its next round.
     */
    synchronized boolean wantsDrain() {
        if (stagedSinceSignal >= capacity / 4) {
            stagedSinceSignal = 0;
            return true;
        }
        return false;
    }

    synchronized boolean isEmpty() {
        return head == tail;
    }

    /** Everything staged and not yet released, without releasing it. */
    Drained<T> drain() {
        long from;
        long to;
        long sequence;
        List<T> taken;
        synchronized (this) {
            // The lock orders the stagers' writes before these reads; stagers never touch the
            // bytes between tail and head until they are released.
            from = tail;
            to = head;
            sequence = nextSequence - 1;
            taken = new ArrayList<>(origins);
        }
        List<byte[]> payloads = new ArrayList<>();
        long at = from;
        while (at < to) {
            int offset = (int) (at % capacity);
            int magic = map.getInt(HEADER + offset);
            if (magic == WRAP) {
                at += capacity - offset;
                continue;
            }
            int length = map.getInt(HEADER + offset + 4);
            byte[] payload = new byte[length];
            map.get(HEADER + offset + ENTRY_HEADER, payload);
            payloads.add(payload);
            at += padded(ENTRY_HEADER + length);
        }
        return new Drained<>(payloads, taken, to, sequence);
    }

    /**
     * Frees what {@code drained} took, once it is in the spool, and records its last sequence number
     * in the header so a later {@link #recover} does not find those entries again.
     */
    synchronized void released(Drained<T> drained) {
        tail = drained.end();
        for (int i = 0; i < drained.origins().size(); i++) {
            origins.pollFirst();
        }
        if (drained.lastSequence() > map.getLong(DRAINED_SEQUENCE_AT)) {
            map.putLong(DRAINED_SEQUENCE_AT, drained.lastSequence());
        }
    }

    private @Nullable Staged readValid(int offset) {
        int at = HEADER + offset;
        if (map.getInt(at) != ENTRY) {
            return null;
        }
        int length = map.getInt(at + 4);
        if (length < 0 || offset + (long) ENTRY_HEADER + length > capacity) {
            return null;
        }
        long sequence = map.getLong(at + 12);
        byte[] payload = new byte[length];
        map.get(at + ENTRY_HEADER, payload);
        return checksum(sequence, payload) == map.getInt(at + 8) ? new Staged(sequence, payload) : null;
    }

    private static int checksum(long sequence, byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(ByteBuffer.allocate(8).putLong(0, sequence));
        crc.update(payload);
        return (int) crc.getValue();
    }

    private static int padded(int size) {
        return (size + 7) & ~7;
    }
}
