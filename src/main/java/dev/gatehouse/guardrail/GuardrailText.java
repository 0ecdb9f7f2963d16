package dev.gatehouse.guardrail;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The texts one check sees: every piece of text of a request (system and user messages, text content
 * parts, tool results) or of an answer, in order, one segment each, with who asked for which model.
 *
 * @param direction whether the texts go to the provider or come back from it
 * @param segments the texts, in request order; never null elements
 * @param model the public model the request named
 * @param keyId the virtual key's id, or null for the master key
 * @param teamId the key's team, or null
 */
public record GuardrailText(
        Direction direction,
        List<String> segments,
        String model,
        @Nullable String keyId,
        @Nullable String teamId) {

    public GuardrailText {
        segments = List.copyOf(segments);
    }

    /** The segments joined by newlines: what a check that reads the whole text looks at. */
    public String joined() {
        return String.join("\n", segments);
    }
}
