package dev.gatehouse.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.config.BilledUnits;
import org.jspecify.annotations.Nullable;

/**
 * The most a request can be billed for in units other than tokens, known before dispatch, so budgets
 * reserve its worst case: every image it asks for, every character of speech, a search unit per 100
 * documents (Cohere's definition of a search unit), and for audio its length in minutes as if the
 * file were coded at {@value #AUDIO_BYTES_PER_SECOND} bytes a second (32 kbit/s, below what speech
 * codecs commonly use, so most files reserve more than they cost). Pure.
 */
public final class UnitEstimate {

    /** 32 kbit/s: a low speech bitrate, so the reserve errs on the high side. */
    static final long AUDIO_BYTES_PER_SECOND = 4_000;

    /** Cohere bills one search unit per query with up to 100 documents. */
    static final int DOCUMENTS_PER_SEARCH_UNIT = 100;

    private UnitEstimate() {}

    /**
     * @param maxUploadBytes the upload limit, the length assumed for an upload sent without one
     */
    public static BilledUnits of(CanonicalRequest request, long maxUploadBytes) {
        JsonNode body = request.body();
        return switch (request.endpoint()) {
            case RERANK ->
                BilledUnits.searchUnits(Math.ceil(body.path("documents").size() / (double) DOCUMENTS_PER_SEARCH_UNIT));
            case AUDIO_SPEECH -> {
                String input = body.path("input").asText("");
                yield BilledUnits.characters(input.codePointCount(0, input.length()));
            }
            case IMAGES_GENERATIONS ->
                BilledUnits.images(body.path("n").asLong(1), text(body, "size"), text(body, "quality"));
            case AUDIO_TRANSCRIPTIONS, AUDIO_TRANSLATIONS -> {
                UploadBody upload = request.upload();
                long bytes = upload == null || upload.length() < 0 ? maxUploadBytes : upload.length();
                yield BilledUnits.seconds(Math.ceil(bytes / (double) AUDIO_BYTES_PER_SECOND));
            }
            case CHAT_COMPLETIONS, EMBEDDINGS, COMPLETIONS -> BilledUnits.NONE;
        };
    }

    private static @Nullable String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }
}
