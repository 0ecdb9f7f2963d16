package dev.gatehouse.guardrail.pii;

import java.util.List;

/**
 * Finds the values of one entity type in a text. Implementations are immutable and thread-safe, never
 * block, and run in time linear in the text (anchored patterns, no nested unbounded repetition), since
 * they run on an event loop over prompts of tens of kilobytes.
 */
interface PiiDetector {

    /** Adds every value found in {@code text} to {@code out}; overlaps with other detectors are fine. */
    void find(String text, List<PiiMatch> out);
}
