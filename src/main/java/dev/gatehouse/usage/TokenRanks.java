package dev.gatehouse.usage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;

/**
 * One BPE vocabulary held compactly: every token's bytes in one array, in rank order, and an
 * open-addressing hash table of token numbers. A token's rank is its number, as in OpenAI's
 * {@code .tiktoken} files, where line {@code n} holds the token of rank {@code n}. Immutable once
 * loaded, so any thread may look up ranks.
 *
 * <p>jtokkit keeps the same vocabulary as boxed maps (a {@code HashMap} entry, a byte-array wrapper
 * and an {@code Integer} per token, for encoding and again for decoding): about 24 MB for
 * {@code o200k_base}, where these arrays take about 5.
 */
final class TokenRanks {

    /** The rank of byte sequences that are no token. */
    static final int NONE = Integer.MAX_VALUE;

    private final byte[] bytes;

    /** Token {@code t}'s bytes are {@code bytes[starts[t]] .. bytes[starts[t + 1] - 1]}. */
    private final int[] starts;

    /** Token number + 1 in each used slot, 0 in the free ones; at most half the slots are used. */
    private final int[] slots;

    private final int mask;

    private TokenRanks(byte[] bytes, int[] starts, int count) {
        this.bytes = bytes;
        this.starts = starts;
        int size = Integer.highestOneBit(Math.max(count, 1) * 2) << 1;
        this.slots = new int[size];
        this.mask = size - 1;
        for (int t = 0; t < count; t++) {
            int slot = hash(bytes, starts[t], starts[t + 1]) & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = t + 1;
        }
    }

    /**
     * Reads a {@code .tiktoken} resource ({@code base64(token bytes) rank} per line, ranks counting
     * up from 0) from the class path. Takes a few hundred milliseconds: call it off the event loop.
     */
    static TokenRanks load(String resource) {
        byte[] file;
        try (InputStream in = TokenRanks.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("tokenizer vocabulary not on the class path: " + resource);
            }
            file = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
        Base64.Decoder base64 = Base64.getDecoder();
        // Decoded tokens are shorter than their base64 text, so the file's size bounds both arrays.
        byte[] bytes = new byte[file.length];
        int[] starts = new int[file.length / 4 + 2];
        int count = 0;
        int used = 0;
        for (int line = 0; line < file.length; ) {
            int space = indexOf(file, (byte) ' ', line);
            int end = indexOf(file, (byte) '\n', space);
            int rank = parseRank(file, space + 1, end, resource);
            if (rank != count) {
                throw new IllegalStateException(resource + ": rank " + rank + " where " + count + " was expected");
            }
            byte[] token = base64.decode(Arrays.copyOfRange(file, line, space));
            System.arraycopy(token, 0, bytes, used, token.length);
            starts[count++] = used;
            used += token.length;
            line = end + 1;
        }
        starts[count] = used;
        return new TokenRanks(Arrays.copyOf(bytes, used), Arrays.copyOf(starts, count + 1), count);
    }

    /** The rank of {@code piece[from..to)}, or {@link #NONE} if that is no token. */
    int rank(byte[] piece, int from, int to) {
        int slot = hash(piece, from, to) & mask;
        int length = to - from;
        for (int entry; (entry = slots[slot]) != 0; slot = (slot + 1) & mask) {
            int token = entry - 1;
            int start = starts[token];
            if (starts[token + 1] - start == length && Arrays.equals(bytes, start, start + length, piece, from, to)) {
                return token;
            }
        }
        return NONE;
    }

    int size() {
        return starts.length - 1;
    }

    /** The bytes its arrays take on the heap (their contents; headers are a few dozen bytes). */
    long heapBytes() {
        return bytes.length + 4L * starts.length + 4L * slots.length;
    }

    /** Token {@code rank}'s bytes, for tests that feed every token back through the tokenizer. */
    byte[] bytesOf(int rank) {
        return Arrays.copyOfRange(bytes, starts[rank], starts[rank + 1]);
    }

    private static int hash(byte[] b, int from, int to) {
        int h = to - from;
        for (int i = from; i < to; i++) {
            h = 31 * h + b[i];
        }
        // Spread the low bits the mask keeps (Fibonacci hashing).
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private static int indexOf(byte[] file, byte wanted, int from) {
        for (int i = from; i < file.length; i++) {
            if (file[i] == wanted) {
                return i;
            }
        }
        return file.length;
    }

    private static int parseRank(byte[] file, int from, int to, String resource) {
        int end = to > from && file[to - 1] == '\r' ? to - 1 : to;
        if (end <= from) {
            throw new IllegalStateException(resource + ": a line without a rank at byte " + from);
        }
        int rank = 0;
        for (int i = from; i < end; i++) {
            int digit = file[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new IllegalStateException(resource + ": bad rank at byte " + i);
            }
            rank = rank * 10 + digit;
        }
        return rank;
    }
}
