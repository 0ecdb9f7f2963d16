package dev.gatehouse.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Checks the text fields of an audio upload (CreateTranscriptionRequest and CreateTranslationRequest
 * in OpenAI's API reference) that came before the file. The file itself is streamed to the provider
 * unread, so the provider checks it and every field after it.
 */
public final class AudioUploadValidator {

    private AudioUploadValidator() {}

    public static CanonicalRequest transcriptions(ObjectNode fields, @Nullable Buffer bytes) {
        return read(Endpoint.AUDIO_TRANSCRIPTIONS, fields);
    }

    public static CanonicalRequest translations(ObjectNode fields, @Nullable Buffer bytes) {
        return read(Endpoint.AUDIO_TRANSLATIONS, fields);
    }

    private static CanonicalRequest read(Endpoint endpoint, ObjectNode fields) {
        String model = new FieldChecks(fields).requiredString("model");
        if (model.indexOf('\u0000') >= 0) {
            throw FieldChecks.error(
                    "Invalid 'model': the string contains a NUL character (\\u0000), which is not allowed.",
                    "model",
                    "invalid_value");
        }
        return new CanonicalRequest(endpoint, fields, model, false, false, 0, null);
    }
}
