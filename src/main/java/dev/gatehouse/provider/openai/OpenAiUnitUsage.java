package dev.gatehouse.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.api.CanonicalRequest;
import dev.gatehouse.api.UnitEstimate;
import dev.gatehouse.config.BilledUnits;
import dev.gatehouse.usage.Usage;

/**
 * What an OpenAI-format answer of the endpoints billed by units reports it used. Pure.
 *
 * <p>Transcriptions: OpenAI's {@code usage} is {@code {type: "duration", seconds}} (whisper) or
 * {@code {type: "tokens", input_tokens, output_tokens}} (gpt-4o-transcribe); a {@code verbose_json}
 * answer carries {@code duration}. A {@code text}, {@code srt} or {@code vtt} answer tells nothing,
 * so its length is the gateway's estimate from the upload's size (marked estimated).
 */
final class OpenAiUnitUsage {

    private OpenAiUnitUsage() {}

    static Usage transcription(CanonicalRequest request, JsonNode json) {
        JsonNode usage = json.path("usage");
        if (usage.path("type").asText("").equals("duration")
                && usage.path("seconds").isNumber()) {
            return Usage.NONE.withUnits(
                    BilledUnits.seconds(usage.path("seconds").asDouble()), false);
        }
        if (usage.path("type").asText("").equals("tokens")) {
            return tokens(usage);
        }
        if (json.path("duration").isNumber()) {
            return Usage.NONE.withUnits(
                    BilledUnits.seconds(json.path("duration").asDouble()), false);
        }
        return estimated(request);
    }

    /** No usage in the answer: the upload's estimated length. */
    static Usage estimated(CanonicalRequest request) {
        return Usage.NONE.withUnits(UnitEstimate.of(request, 0), true);
    }

    /** The Responses-style token counts ({@code input_tokens}, {@code output_tokens}) images and audio report. */
    static Usage tokens(JsonNode usage) {
        long input = usage.path("input_tokens").asLong(0);
        long cached = usage.path("input_tokens_details").path("cached_tokens").asLong(0);
        long output = usage.path("output_tokens").asLong(0);
        return new Usage(input, cached, 0, output, false);
    }

    static Usage rerank(JsonNode json) {
        JsonNode billed = json.path("meta").path("billed_units");
        double searchUnits = billed.path("search_units").asDouble(0);
        // Jina, Voyage and vLLM bill rerank by tokens: usage.total_tokens (Voyage: usage.total_tokens too).
        long tokens = json.path("usage")
                .path("total_tokens")
                .asLong(billed.path("total_tokens").asLong(0));
        Usage usage = new Usage(tokens, 0, 0, 0, false);
        return searchUnits > 0 ? usage.withUnits(BilledUnits.searchUnits(searchUnits), false) : usage;
    }
}
