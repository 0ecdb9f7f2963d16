package dev.gatehouse.api;

/**
 * An image from an OpenAI {@code image_url} content part: inline bytes from a {@code data:} URL,
 * or a remote URL. Dialects that take images inline (Anthropic, Gemini, Bedrock) need the split.
 *
 * @param mediaType e.g. {@code image/png}; {@code null} for a remote URL
 * @param base64 the inline data, or {@code null} for a remote URL
 * @param url the remote URL, or {@code null} for inline data
 */
public record ImageSource(String mediaType, String base64, String url) {

    /** Reads an {@code image_url.url} value; {@code null} when it is a malformed data URL. */
    public static ImageSource parse(String imageUrl) {
        if (!imageUrl.startsWith("data:")) {
            return new ImageSource(null, null, imageUrl);
        }
        int comma = imageUrl.indexOf(',');
        int marker = imageUrl.indexOf(";base64");
        if (comma < 0 || marker < 0 || marker > comma) {
            return null;
        }
        return new ImageSource(imageUrl.substring("data:".length(), marker), imageUrl.substring(comma + 1), null);
    }

    public boolean isInline() {
        return base64 != null;
    }
}
