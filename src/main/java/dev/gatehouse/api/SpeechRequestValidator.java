package dev.gatehouse.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Checks a text-to-speech request (CreateSpeechRequest in OpenAI's API reference): {@code model},
 * {@code input} (at most 4096 characters), {@code voice}; the rest passes to the provider as sent.
 */
public final class SpeechRequestValidator {

    static final int MAX_INPUT_CHARACTERS = 4096;

    private SpeechRequestValidator() {}

    public static CanonicalRequest validate(ObjectNode body, @Nullable Buffer originalBytes) {
        FieldChecks f = new FieldChecks(body);
        String model = f.requiredString("model");
        String input = f.requiredString("input");
        if (input.codePointCount(0, input.length()) > MAX_INPUT_CHARACTERS) {
            throw FieldChecks.error(
                    "Invalid 'input': string too long. Expected a string with maximum length " + MAX_INPUT_CHARACTERS
                            + ".",
                    "input",
                    "string_above_max_length");
        }
        f.requiredString("voice");
        f.optionalString("response_format");
        f.optionalString("instructions");
        f.optionalNumber("speed", 0.25, 4.0);
        f.noNulInStoredText();
        return new CanonicalRequest(Endpoint.AUDIO_SPEECH, body, model, false, false, 0, originalBytes);
    }
}
