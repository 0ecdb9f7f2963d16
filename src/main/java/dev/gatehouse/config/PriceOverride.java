package dev.gatehouse.config;

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * One model's prices from the config's top-level {@code prices:} section, replacing or adding to the
 * built-in table.
 *
 * @param contextWindow input plus output tokens, or {@code null} to keep the built-in value
 * @param effectiveDate since when the prices apply, or {@code null} for the config's load date
 */
public record PriceOverride(
        Prices prices,
        @Nullable Integer contextWindow,
        @Nullable LocalDate effectiveDate) {}
