package dev.gatehouse.cache.semantic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Measures a semantic match (an embedder's cosine at or above a threshold, then a {@link MeaningCheck})
 * on labelled pairs: for each threshold, the share of true paraphrases it would serve from the cache and
 * the share of near misses it would wrongly serve, with and without the check. {@code gatehouse cache
 * eval} prints what this computes; the shipped default threshold is the one {@link #choose} picks on the
 * shipped set. Each pair is embedded and checked once, so a sweep costs nothing more per threshold.
 */
public final class SemanticEval {

    /** The target: at most this share of near misses served. */
    public static final double MAX_NEAR_MISSES_SERVED = 0.01;

    /** The target: at least this share of true paraphrases served. */
    public static final double MIN_PARAPHRASES_SERVED = 0.50;

    /** One pair with its cosine and the check's verdict. */
    public record Scored(
            EvalPair pair, double cosine, @Nullable String rejection) {

        public boolean served(double threshold) {
            return cosine >= threshold && rejection == null;
        }
    }

    /** The outcome at one threshold. */
    public record Row(
            double threshold,
            int paraphrases,
            int paraphrasesServed,
            int nearMisses,
            int nearMissesServed,
            int paraphrasesServedByEmbeddingAlone,
            int nearMissesServedByEmbeddingAlone) {

        public double paraphraseShare() {
            return share(paraphrasesServed, paraphrases);
        }

        public double nearMissShare() {
            return share(nearMissesServed, nearMisses);
        }

        public double nearMissShareByEmbeddingAlone() {
            return share(nearMissesServedByEmbeddingAlone, nearMisses);
        }

        public double paraphraseShareByEmbeddingAlone() {
            return share(paraphrasesServedByEmbeddingAlone, paraphrases);
        }

        public boolean meetsTargets() {
            return nearMissShare() <= MAX_NEAR_MISSES_SERVED && paraphraseShare() >= MIN_PARAPHRASES_SERVED;
        }

        private static double share(int part, int whole) {
            return whole == 0 ? 0 : (double) part / whole;
        }
    }

    /** Per kind of pair at one threshold. */
    public record KindRow(String kind, boolean same, int pairs, int served, int servedByEmbeddingAlone) {}

    private final List<Scored> scored;

    private SemanticEval(List<Scored> scored) {
        this.scored = List.copyOf(scored);
    }

    /**
     * Embeds both texts of every pair (each distinct text once) and runs the check on each pair.
     *
     * @param embed a blocking embedder that returns normalised vectors
     */
    public static SemanticEval run(List<EvalPair> pairs, Function<String, float[]> embed, MeaningCheck check) {
        Map<String, float[]> vectors = new HashMap<>();
        List<Scored> scored = new ArrayList<>(pairs.size());
        for (EvalPair p : pairs) {
            float[] a = vectors.computeIfAbsent(p.a(), embed);
            float[] b = vectors.computeIfAbsent(p.b(), embed);
            scored.add(new Scored(p, dot(a, b), check.difference(p.a(), p.b())));
        }
        return new SemanticEval(scored);
    }

    public List<Scored> scored() {
        return scored;
    }

    public Row at(double threshold) {
        int paraphrases = 0;
        int paraphrasesServed = 0;
        int nearMisses = 0;
        int nearMissesServed = 0;
        int paraphrasesByEmbedding = 0;
        int nearMissesByEmbedding = 0;
        for (Scored s : scored) {
            boolean close = s.cosine() >= threshold;
            if (s.pair().same()) {
                paraphrases++;
                paraphrasesServed += s.served(threshold) ? 1 : 0;
                paraphrasesByEmbedding += close ? 1 : 0;
            } else {
                nearMisses++;
                nearMissesServed += s.served(threshold) ? 1 : 0;
                nearMissesByEmbedding += close ? 1 : 0;
            }
        }
        return new Row(
                threshold,
                paraphrases,
                paraphrasesServed,
                nearMisses,
                nearMissesServed,
                paraphrasesByEmbedding,
                nearMissesByEmbedding);
    }

    public List<Row> sweep(List<Double> thresholds) {
        return thresholds.stream().map(this::at).toList();
    }

    /**
     * The highest threshold of the sweep that meets both targets: the safest one the set supports (a
     * higher threshold also guards against the near misses a set does not contain). Empty when none
     * meets them.
     */
    public static Optional<Row> choose(List<Row> sweep) {
        Row best = null;
        for (Row r : sweep) {
            if (r.meetsTargets() && (best == null || r.threshold() > best.threshold())) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The thresholds of the sweep that meet both targets, in sweep order. */
    public static List<Double> supported(List<Row> sweep) {
        return sweep.stream().filter(Row::meetsTargets).map(Row::threshold).toList();
    }

    /** Paraphrase kinds first, then near-miss kinds, each sorted by name. */
    public List<KindRow> byKind(double threshold) {
        Map<String, int[]> counts = new TreeMap<>();
        for (Scored s : scored) {
            String key = (s.pair().same() ? "0" : "1") + s.pair().kind();
            int[] c = counts.computeIfAbsent(key, k -> new int[3]);
            c[0]++;
            c[1] += s.served(threshold) ? 1 : 0;
            c[2] += s.cosine() >= threshold ? 1 : 0;
        }
        List<KindRow> rows = new ArrayList<>();
        counts.forEach((key, c) -> rows.add(new KindRow(key.substring(1), key.charAt(0) == '0', c[0], c[1], c[2])));
        return rows;
    }

    /** The near misses served at {@code threshold}: what the check failed to catch. */
    public List<Scored> nearMissesServed(double threshold) {
        return scored.stream()
                .filter(s -> !s.pair().same() && s.served(threshold))
                .toList();
    }

    /** Thresholds 0.70 to 0.98 in steps of 0.02. */
    public static List<Double> defaultThresholds() {
        List<Double> t = new ArrayList<>();
        for (int i = 70; i <= 98; i += 2) {
            t.add(i / 100.0);
        }
        return t;
    }

    private static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("vectors of " + a.length + " and " + b.length + " dimensions");
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
