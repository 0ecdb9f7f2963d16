package dev.gatehouse.metering;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The usage records' append-only local spool: a directory of segment files
 * ({@code usage-00000000000000000001.spool}, ...) and a {@code checkpoint} naming the position up to
 * which records are safely in the store.
 *
 * <p>Each entry is framed as {@code magic(4) length(4) crc32(4) payload(length)}, big-endian, with a
 * JSON payload. A process always appends to a fresh segment, never to one a previous process left
 * (its tail may be torn by a crash). Reading skips a torn or corrupt entry with a log line naming the
 * segment and offset, then resynchronizes on the next magic number, so one bad entry costs only
 * itself. Segments wholly before the checkpoint are deleted; a full segment is rotated.
 *
 * <p>Thread-safe: the usage writer appends on one thread and delivers on another. Every method
 * blocks (file I/O). {@link #append} only writes (which survives a crash of the process: the bytes
 * are in the operating system's page cache); {@link #force} makes them survive a crash of the
 * machine, and runs in batches on the delivering thread so appends never wait for the disk.
 */
final class Spool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    static final int MAGIC = 0x47485553; // "GHUS"
    static final int HEADER = 12;
    private static final int MAX_ENTRY = 16 * 1024 * 1024;
    private static final String PREFIX = "usage-";
    private static final String SUFFIX = ".spool";
    private static final String CHECKPOINT = "checkpoint";

    /** Entries read back, and the position after the last byte looked at. */
    record Batch(List<byte[]> payloads, SpoolPosition next) {}

    private final Path dir;
    private final long segmentBytes;
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private FileChannel out;
    private long outSegment;
    private long outSize;
    /** A write failed part-way: the segment's length is unknown, so the next append starts a fresh one. */
    private boolean torn;

    private SpoolPosition checkpoint;
    private final FileChannel checkpointFile;

    Spool(Path dir, long segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                files.forEach(f -> {
                    Long seq = sequence(f.getFileName().toString());
                    if (seq != null) {
                        segments.put(seq, f);
                    }
                });
            }
            checkpoint = readCheckpoint();
            checkpointFile =
                    FileChannel.open(dir.resolve(CHECKPOINT), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            long length = checkpointLine(checkpoint).length();
            if (checkpointFile.size() > length) {
                checkpointFile.truncate(length);
            }
            out = openSegment((segments.isEmpty() ? 0 : segments.lastKey()) + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the usage spool in " + dir, e);
        }
    }

    /**
     * Appends the payloads (written, not yet fsynced), one after the other in one segment. Returns
     * where the first one starts; entry {@code i+1} starts {@link #HEADER} plus the length of entry
     * {@code i} further on.
     */
    synchronized SpoolPosition append(List<byte[]> payloads) throws IOException {
        if (payloads.isEmpty()) {
            return end();
        }
        if (outSize >= segmentBytes || torn) {
            out.force(false);
            out.close();
            out = openSegment(outSegment + 1);
        }
        int total = 0;
        for (byte[] p : payloads) {
            total += HEADER + p.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(total);
        CRC32 crc = new CRC32();
        for (byte[] p : payloads) {
            crc.reset();
            crc.update(p);
            buf.putInt(MAGIC).putInt(p.length).putInt((int) crc.getValue()).put(p);
        }
        buf.flip();
        SpoolPosition start = end();
        torn = true;
        while (buf.hasRemaining()) {
            out.write(buf);
        }
        torn = false;
        outSize += total;
        return start;
    }

    /** Fsyncs everything appended so far (all segments before the current one were fsynced when rotated). */
    void force() throws IOException {
        FileChannel current;
        synchronized (this) {
            current = out;
        }
        try {
            current.force(false);
        } catch (java.nio.channels.ClosedChannelException e) {
            // Rotated meanwhile: the old segment was forced before it was closed.
        }
    }

    /** Whether entries lie after the checkpoint. */
    synchronized boolean hasUnstored() {
        return checkpoint.compareTo(end()) < 0;
    }

    /**
     * Up to {@code max} entries after the checkpoint, skipping (and logging) corrupt ones, and the
     * position after the last byte looked at: commit it once the entries are stored.
     */
    Batch read(int max) throws IOException {
        return read(max, new SpoolPosition(Long.MAX_VALUE, Long.MAX_VALUE));
    }

    /**
     * Like {@link #read(int)}, but stops at {@code until} (the start of an entry, or the end) when it
     * comes before the spool's end.
     */
    Batch read(int max, SpoolPosition until) throws IOException {
        // A snapshot taken under the lock, then the files read without it, so appends (which a
        // client's response waits for) never wait for a read.
        SpoolPosition at;
        SpoolPosition end;
        TreeMap<Long, Path> files;
        synchronized (this) {
            at = checkpoint;
            end = until.compareTo(end()) < 0 ? until : end();
            files = new TreeMap<>(segments);
        }
        List<byte[]> payloads = new ArrayList<>();
        while (payloads.size() < max && at.compareTo(end) < 0) {
            Path file = files.get(at.segment());
            long limit = file == null ? 0 : at.segment() == end.segment() ? end.offset() : Files.size(file);
            if (at.offset() >= limit) {
                if (at.segment() == end.segment()) {
                    break;
                }
                Long next = files.higherKey(at.segment());
                at = new SpoolPosition(next == null ? end.segment() : next, 0);
                continue;
            }
            Path present = Objects.requireNonNull(file, "a missing segment has limit 0 and was skipped above");
            at = readSegment(present, at, limit, max - payloads.size(), payloads);
        }
        return new Batch(payloads, at);
    }

    private SpoolPosition readSegment(Path file, SpoolPosition from, long limit, int max, List<byte[]> into)
            throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long pos = from.offset();
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            int read = 0;
            while (read < max && pos < limit) {
                header.clear();
                if (limit - pos < HEADER || readFully(in, header, pos) < HEADER) {
                    LOG.warn(
                            "usage spool: skipping a torn entry at the end of {} (offset {})", file.getFileName(), pos);
                    return new SpoolPosition(from.segment(), limit);
                }
                header.flip();
                int magic = header.getInt();
                int length = header.getInt();
                int crc = header.getInt();
                if (magic != MAGIC || length < 0 || length > MAX_ENTRY || pos + HEADER + length > limit) {
                    long next = resync(in, pos + 1, limit);
                    LOG.warn(
                            "usage spool: skipping a torn or corrupt entry in {} at offset {} ({} bytes)",
                            file.getFileName(),
                            pos,
                            next - pos);
                    pos = next;
                    continue;
                }
                ByteBuffer payload = ByteBuffer.allocate(length);
                readFully(in, payload, pos + HEADER);
                CRC32 check = new CRC32();
                check.update(payload.array());
                if ((int) check.getValue() != crc) {
                    LOG.warn(
                            "usage spool: skipping an entry with a bad checksum in {} at offset {}",
                            file.getFileName(),
                            pos);
                    pos += HEADER + length;
                    continue;
                }
                pos += HEADER + length;
                into.add(payload.array());
                read++;
            }
            return new SpoolPosition(from.segment(), pos);
        }
    }

    /** The offset of the next magic number at or after {@code from}, or {@code limit}. */
    private static long resync(FileChannel in, long from, long limit) throws IOException {
        ByteBuffer window = ByteBuffer.allocate(4);
        for (long p = from; p + 4 <= limit; p++) {
            window.clear();
            readFully(in, window, p);
            window.flip();
            if (window.getInt() == MAGIC) {
                return p;
            }
        }
        return limit;
    }

    private static int readFully(FileChannel in, ByteBuffer buf, long pos) throws IOException {
        int total = 0;
        while (buf.hasRemaining()) {
            int n = in.read(buf, pos + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /**
     * Records that everything before {@code position} is in the store, and deletes segments that lie
     * wholly before it.
     *
     * <p>The checkpoint is overwritten in place, without an fsync: a checkpoint that is behind only
     * makes a replay of records the store already holds, which it skips by request id. A crash of the
     * process cannot lose the write (it is in the page cache); a crash of the machine can leave the
     * previous checkpoint, or a torn one, which its checksum gives away and which then replays every
     * segment. Renaming an fsynced temporary file over it cost two fsyncs and four file system calls
     * per batch for no guarantee more.
     */
    void commit(SpoolPosition position) throws IOException {
        // Outside the lock: appends, which a client's response may wait for, never wait for this.
        // Only the delivering thread commits.
        ByteBuffer line = ByteBuffer.wrap(checkpointLine(position).getBytes(StandardCharsets.US_ASCII));
        while (line.hasRemaining()) {
            checkpointFile.write(line, line.position());
        }
        List<Path> obsolete = new ArrayList<>();
        synchronized (this) {
            checkpoint = position;
            while (!segments.isEmpty() && segments.firstKey() < position.segment()) {
                obsolete.add(segments.pollFirstEntry().getValue());
            }
        }
        for (Path p : obsolete) {
            Files.deleteIfExists(p);
        }
    }

    /**
     * {@code segment offset crc32}, fixed width so that one write at offset 0 replaces the whole of
     * the previous line; the checksum covers the two numbers as written.
     */
    static String checkpointLine(SpoolPosition position) {
        String numbers = String.format("%020d %020d", position.segment(), position.offset());
        return numbers + String.format(" %08x\n", checksum(numbers));
    }

    private static int checksum(String numbers) {
        CRC32 crc = new CRC32();
        crc.update(numbers.getBytes(StandardCharsets.US_ASCII));
        return (int) crc.getValue();
    }

    synchronized SpoolPosition checkpoint() {
        return checkpoint;
    }

    /** The position after the last entry appended. */
    synchronized SpoolPosition end() {
        return new SpoolPosition(outSegment, outSize);
    }

    /** Opens segment {@code seq} for appending and makes it the current one; the caller stores the channel in {@code out}. */
    private FileChannel openSegment(long seq) throws IOException {
        Path file = dir.resolve(String.format("%s%020d%s", PREFIX, seq, SUFFIX));
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        outSegment = seq;
        outSize = channel.size();
        segments.put(seq, file);
        return channel;
    }

    private SpoolPosition readCheckpoint() throws IOException {
        Path file = dir.resolve(CHECKPOINT);
        String text = Files.exists(file)
                ? Files.readString(file, StandardCharsets.US_ASCII).trim()
                : "";
        // Empty: the process that created it stored nothing.
        if (!text.isEmpty()) {
            String[] parts = text.split(" ");
            // Two numbers: written by a version that renamed an fsynced file into place.
            boolean intact = parts.length == 2
                    || (parts.length == 3
                            && parts[2].equals(String.format("%08x", checksum(parts[0] + " " + parts[1]))));
            if (intact) {
                try {
                    return new SpoolPosition(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
                } catch (NumberFormatException e) {
                    // Reported below.
                }
            }
            LOG.warn(
                    "usage spool: unreadable checkpoint in {}; replaying every segment (the store skips duplicates)",
                    dir);
        }
        return new SpoolPosition(segments.isEmpty() ? 0 : segments.firstKey(), 0);
    }

    private static @Nullable Long sequence(String name) {
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return null;
        }
        try {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.force(false);
        out.close();
        checkpointFile.close();
    }
}
