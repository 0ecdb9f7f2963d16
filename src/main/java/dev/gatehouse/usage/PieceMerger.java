package dev.gatehouse.usage;

import java.util.Arrays;

/**
 * Counts the tokens of one pre-tokenized piece by byte-pair merging, as tiktoken does: while some
 * adjacent pair of parts is a token, merge the pair of lowest rank (the leftmost of equals); the
 * parts left are the tokens. Only the count is kept, never the tokens.
 *
 * <p>Holds scratch arrays, so one instance serves one thread at a time; a count makes its own.
 */
final class PieceMerger {

    /**
     * Up to this many bytes a piece is merged by scanning all its pairs for the lowest rank (quadratic,
     * but the fastest for the short pieces of real text); longer ones, such as a run of thousands of
     * letters, through a heap, so no input costs quadratic time.
     */
    private static final int SCAN_LIMIT = 128;

    private final TokenRanks ranks;

    /** Scan: the start of each part, then the piece's end. Heap: the next part's start. */
    private int[] bounds = new int[SCAN_LIMIT + 1];

    /** The rank of the pair that starts at each part, {@link TokenRanks#NONE} if none. */
    private int[] pairRanks = new int[SCAN_LIMIT + 1];

    private int[] previous = new int[0];

    /** Heap entries: a pair's rank in the high half, its start in the low, so the least is leftmost. */
    private long[] heap = new long[0];

    PieceMerger(TokenRanks ranks) {
        this.ranks = ranks;
    }

    /** The number of tokens of {@code piece[0..length)}. */
    int count(byte[] piece, int length) {
        if (length <= 1) {
            return length;
        }
        if (ranks.rank(piece, 0, length) != TokenRanks.NONE) {
            return 1;
        }
        return length <= SCAN_LIMIT ? countByScan(piece, length) : countByHeap(piece, length);
    }

    private int countByScan(byte[] piece, int length) {
        int[] bounds = this.bounds;
        int[] pairRanks = this.pairRanks;
        int parts = length;
        for (int i = 0; i <= length; i++) {
            bounds[i] = i;
        }
        for (int i = 0; i < length - 1; i++) {
            pairRanks[i] = ranks.rank(piece, i, i + 2);
        }
        pairRanks[length - 1] = TokenRanks.NONE;
        while (parts > 1) {
            int best = 0;
            int bestRank = TokenRanks.NONE;
            for (int i = 0; i < parts - 1; i++) {
                if (pairRanks[i] < bestRank) {
                    bestRank = pairRanks[i];
                    best = i;
                }
            }
            if (bestRank == TokenRanks.NONE) {
                break;
            }
            // Part best swallows part best + 1; the pairs that change are the ones starting at best and before it.
            System.arraycopy(bounds, best + 2, bounds, best + 1, parts - best - 1);
            System.arraycopy(pairRanks, best + 2, pairRanks, best + 1, parts - best - 2);
            parts--;
            pairRanks[best] = best + 2 <= parts ? ranks.rank(piece, bounds[best], bounds[best + 2]) : TokenRanks.NONE;
            if (best > 0) {
                pairRanks[best - 1] = ranks.rank(piece, bounds[best - 1], bounds[best + 1]);
            }
        }
        return parts;
    }

    private int countByHeap(byte[] piece, int length) {
        if (bounds.length < length + 1) {
            bounds = new int[length + 1];
            pairRanks = new int[length + 1];
        }
        if (previous.length < length + 1) {
            previous = new int[length + 1];
            heap = new long[length];
        }
        int[] next = bounds;
        int[] pairRanks = this.pairRanks;
        int[] previous = this.previous;
        int size = 0;
        for (int i = 0; i < length; i++) {
            next[i] = i + 1;
            previous[i] = i - 1;
            pairRanks[i] = i + 2 <= length ? ranks.rank(piece, i, i + 2) : TokenRanks.NONE;
            if (pairRanks[i] != TokenRanks.NONE) {
                size = push(size, pairRanks[i], i);
            }
        }
        int parts = length;
        while (size > 0) {
            long top = heap[0];
            size = pop(size);
            int start = (int) top;
            int rank = (int) (top >>> 32);
            // Entries are not removed when their pair changes; a stale one no longer matches.
            if (pairRanks[start] != rank) {
                continue;
            }
            int swallowed = next[start];
            int after = next[swallowed];
            next[start] = after;
            if (after < length) {
                previous[after] = start;
            }
            pairRanks[swallowed] = TokenRanks.NONE;
            parts--;
            pairRanks[start] = after < length ? ranks.rank(piece, start, next[after]) : TokenRanks.NONE;
            if (pairRanks[start] != TokenRanks.NONE) {
                size = push(size, pairRanks[start], start);
            }
            int before = previous[start];
            if (before >= 0) {
                pairRanks[before] = ranks.rank(piece, before, after);
                if (pairRanks[before] != TokenRanks.NONE) {
                    size = push(size, pairRanks[before], before);
                }
            }
        }
        return parts;
    }

    private int push(int size, int rank, int start) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, Math.max(16, size * 2));
        }
        long entry = ((long) rank << 32) | start;
        int i = size;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= entry) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = entry;
        return size + 1;
    }

    private int pop(int size) {
        int last = size - 1;
        long entry = heap[last];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= last) {
                break;
            }
            if (child + 1 < last && heap[child + 1] < heap[child]) {
                child++;
            }
            if (heap[child] >= entry) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = entry;
        return last;
    }
}
