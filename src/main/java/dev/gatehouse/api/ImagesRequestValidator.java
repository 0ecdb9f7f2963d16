package dev.gatehouse.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Checks an image generation request (CreateImageRequest in OpenAI's API reference): {@code model}
 * (the gateway routes by it, so unlike OpenAI it is required), {@code prompt}, {@code n} (1 to 10),
 * {@code size} and {@code quality}, which the price of each image depends on. Streaming image
 * generation ({@code stream: true}) is refused: its partial-image events are not relayed yet.
 */
public final class ImagesRequestValidator {

    private ImagesRequestValidator() {}

    public static CanonicalRequest validate(ObjectNode body, @Nullable Buffer originalBytes) {
        FieldChecks f = new FieldChecks(body);
        String model = f.requiredString("model");
        f.requiredString("prompt");
        f.optionalInteger("n", 1, 10);
        f.optionalString("size");
        f.optionalString("quality");
        f.optionalString("response_format");
        f.optionalString("style");
        f.optionalString("user");
        if (f.optionalBoolean("stream")) {
            throw FieldChecks.error(
                    "Streaming image generation is not supported by this gateway; leave 'stream' out.",
                    "stream",
                    "unsupported_parameter");
        }
        f.noNulInStoredText();
        return new CanonicalRequest(Endpoint.IMAGES_GENERATIONS, body, model, false, false, 0, originalBytes);
    }
}
