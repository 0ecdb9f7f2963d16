package dev.gatehouse.api;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An image from an OpenAI {@code image_url} content part: inline bytes from a {@code data:} URL,
 * or a remote URL. Dialects that take images inline (Anthropic, Gemini, Bedrock) need the split.
 *
 * @param mediaType e.g. {@code image/png}; {@code null} for a remote URL
 * @param base64 the inline data, or {@code null} for a remote URL
 * @param url the remote URL, or {@code null} for inline data
 */
public record ImageSource(
        @Nullable String mediaType,
        @Nullable String base64,
        @Nullable String url) {

    /** Reads an {@code image_url.url} value; empty when it is a malformed data URL. */
    public static Optional<ImageSource> parse(String imageUrl) {
        if (!imageUrl.startsWith("data:")) {
            return Optional.of(new ImageSource(null, null, imageUrl));
        }
        int comma = imageUrl.indexOf(',');
        int marker = imageUrl.indexOf(";base64");
        if (comma < 0 || marker < 0 || marker > comma) {
            return Optional.empty();
        }
        return Optional.of(
                new ImageSource(imageUrl.substring("data:".length(), marker), imageUrl.substring(comma + 1), null));
    }

    public boolean isInline() {
        return base64 != null;
    }
}
