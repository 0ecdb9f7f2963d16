package dev.gatehouse.cache.semantic;

import org.jspecify.annotations.Nullable;

/**
 * Verifies a candidate that embedding similarity found: two texts that embed close together may still
 * ask for different answers ("turn on dark mode" / "turn off dark mode"). Pure, fast (runs on the
 * event loop), thread-safe.
 */
public interface MeaningCheck {

    /**
     * Returns why {@code cached} (the question an entry answered) and {@code asked} (the new question)
     * may need different answers, as a short reason such as {@code "numbers differ"}, or null when
     * nothing found separates them.
     */
    @Nullable
    String difference(String cached, String asked);
}
