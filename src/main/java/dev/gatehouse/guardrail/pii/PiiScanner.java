package dev.gatehouse.guardrail.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the enabled detectors over a text and keeps one match per stretch of text: where matches
 * overlap, the longest wins, and between equally long ones the most specific (a card number over the
 * phone number inside it, an {@code sk-ant-} key over a random-looking token). Immutable, thread-safe.
 */
final class PiiScanner {

    private static final Comparator<PiiMatch> PREFERRED = Comparator.comparingInt(PiiMatch::length)
            .reversed()
            .thenComparing(Comparator.comparingInt(PiiMatch::specificity).reversed())
            .thenComparingInt(PiiMatch::start);

    private final List<PiiDetector> detectors;

    PiiScanner(List<PiiDetector> detectors) {
        this.detectors = List.copyOf(detectors);
    }

    /** The matches in {@code text}, in text order, none overlapping. */
    List<PiiMatch> scan(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<PiiMatch> found = new ArrayList<>();
        for (PiiDetector d : detectors) {
            d.find(text, found);
        }
        if (found.size() <= 1) {
            return found;
        }
        found.sort(PREFERRED);
        TreeMap<Integer, PiiMatch> kept = new TreeMap<>();
        for (PiiMatch m : found) {
            Map.Entry<Integer, PiiMatch> before = kept.floorEntry(m.start());
            Map.Entry<Integer, PiiMatch> after = kept.ceilingEntry(m.start());
            boolean clashes = (before != null && before.getValue().overlaps(m))
                    || (after != null && after.getValue().overlaps(m));
            if (!clashes) {
                kept.put(m.start(), m);
            }
        }
        return new ArrayList<>(kept.values());
    }
}
