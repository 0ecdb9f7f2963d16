package dev.gatehouse.cache;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The in-process vector index of semantic entries: per partition (requests equal on everything but
 * the last user message, embedded by one model) the entries' question embeddings, searched by brute
 * force. A cached question is compared only with questions of its own partition, so a partition
 * holds the paraphrases of one conversation prefix and stays small; brute force over a few thousand
 * 384-dimension vectors takes well under a millisecond. The index only points at entries: a
 * candidate is served only after its entry is read from the store, so an entry the store evicted,
 * expired or deleted is never served, and is dropped from the index when found missing.
 *
 * <p>Bounded by {@code maxVectors}: past it, expired vectors go first, then the oldest. Thread-safe
 * (one lock; every operation is a scan of one partition or a map update).
 */
public final class SemanticIndex {

    /** One indexed question: the entry's key, its normalised embedding and when the entry expires. */
    public record Vector(String key, String partition, float[] embedding, String question, long expiresAtMillis) {}

    /** A candidate found: the entry's key, the question it answered and its cosine to the asked question. */
    public record Candidate(String key, String question, double similarity) {}

    private final Map<String, List<Vector>> partitions = new HashMap<>();
    private final Map<String, Vector> byKey = new HashMap<>();
    private final long maxVectors;

    public SemanticIndex(long maxVectors) {
        this.maxVectors = maxVectors;
    }

    /** Adds (or replaces) the vector of an entry. */
    public synchronized void add(Vector vector, long nowMillis) {
        remove(vector.key());
        if (byKey.size() >= maxVectors) {
            evict(nowMillis);
        }
        partitions.computeIfAbsent(vector.partition(), p -> new ArrayList<>()).add(vector);
        byKey.put(vector.key(), vector);
    }

    public synchronized void remove(String key) {
        Vector old = byKey.remove(key);
        if (old != null) {
            List<Vector> list = partitions.get(old.partition());
            if (list != null) {
                list.removeIf(v -> v.key().equals(key));
                if (list.isEmpty()) {
                    partitions.remove(old.partition());
                }
            }
        }
    }

    public synchronized void clear() {
        partitions.clear();
        byKey.clear();
    }

    public synchronized int size() {
        return byKey.size();
    }

    /** The live vectors of {@code partition} whose cosine with {@code embedding} is at least {@code threshold}, best first. */
    public synchronized List<Candidate> search(String partition, float[] embedding, double threshold, long nowMillis) {
        List<Vector> list = partitions.get(partition);
        if (list == null) {
            return List.of();
        }
        List<Candidate> found = new ArrayList<>();
        for (Iterator<Vector> it = list.iterator(); it.hasNext(); ) {
            Vector v = it.next();
            if (v.expiresAtMillis() <= nowMillis) {
                it.remove();
                byKey.remove(v.key());
                continue;
            }
            double cosine = dot(v.embedding(), embedding);
            if (cosine >= threshold) {
                found.add(new Candidate(v.key(), v.question(), cosine));
            }
        }
        if (list.isEmpty()) {
            partitions.remove(partition);
        }
        found.sort(Comparator.comparingDouble(Candidate::similarity).reversed());
        return found;
    }

    /** Vectors are normalised (the {@code TextEmbedder} contract), so the dot product is the cosine. */
    static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            return -1;
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private void evict(long nowMillis) {
        List<String> expired = new ArrayList<>();
        for (Vector v : byKey.values()) {
            if (v.expiresAtMillis() <= nowMillis) {
                expired.add(v.key());
            }
        }
        expired.forEach(this::remove);
        if (byKey.size() >= maxVectors) {
            byKey.values().stream()
                    .min(Comparator.comparingLong(Vector::expiresAtMillis))
                    .map(Vector::key)
                    .ifPresent(this::remove);
        }
    }
}
