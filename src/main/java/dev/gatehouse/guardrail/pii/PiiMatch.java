package dev.gatehouse.guardrail.pii;

/**
 * One value found in a text: {@code [start, end)} in that text, its entity type, and how specific the
 * detector that found it is (a known key prefix is more specific than a high-entropy token), which
 * breaks ties between overlapping matches of the same length.
 */
record PiiMatch(int start, int end, String type, int specificity) {

    int length() {
        return end - start;
    }

    boolean overlaps(PiiMatch other) {
        return start < other.end && other.start < end;
    }
}
