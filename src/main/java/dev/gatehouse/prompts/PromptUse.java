package dev.gatehouse.prompts;

import dev.gatehouse.pipeline.Exchange;
import org.jspecify.annotations.Nullable;

/**
 * Which template version rendered a request, for its usage record, its trace and its reply headers.
 *
 * @param arm the label that chose the version (the A/B arm, with {@code version} telling which side),
 *     or {@code null} when the request named the version itself
 */
public record PromptUse(String id, int version, @Nullable String arm) {

    public static final Exchange.Key<PromptUse> KEY = Exchange.Key.of("prompt-use");
}
