package dev.gatehouse.routing;

import dev.gatehouse.api.CanonicalRequest;

/**
 * Sorts a prompt into a tier ({@code simple}, {@code medium} or {@code complex}) for groups with
 * the complexity strategy. Implementations must be fast and pure: they run on the event loop for
 * every such request.
 */
public interface ComplexityClassifier {

    String classify(CanonicalRequest request, long inputTokens);
}
