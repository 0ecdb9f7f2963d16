package dev.gatehouse.metering;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What one request used and cost: one record per request, whether it succeeded, was rejected, failed
 * or was cut short by the client. Immutable; serialized as snake_case JSON in the spool.
 *
 * @param timeMs when the request arrived, epoch milliseconds
 * @param keyId the virtual key's id, or {@code null} when the request was not authenticated
 * @param tags feature tags from {@code x-gatehouse-tags} or the body's {@code metadata.tags}
 * @param deployment {@code provider/model} of the deployment that answered (or was tried last)
 * @param estimated whether the token counts are the gateway's estimate rather than the provider's
 * @param costUsd the price of the tokens, or {@code null} when the model has no known price
 * @param ttftMs time until the answer (JSON) or its first chunk (stream) was ready, or {@code null}
 * @param status the HTTP status sent; 499 when the client went away first
 * @param errorType the error code of a failed request (or of a stream that failed after its start)
 * @param cache the cache outcome: {@code none} until the cache stage exists, then {@code hit}/{@code miss}
 * @param attempts upstream calls made (0 when the request never reached a provider)
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UsageRecord(
        String requestId,
        long timeMs,
        String keyId,
        String userId,
        String teamId,
        List<String> tags,
        String publicModel,
        String provider,
        String deployment,
        long inputTokens,
        long cachedTokens,
        long cacheWriteTokens,
        long outputTokens,
        boolean estimated,
        Double costUsd,
        double latencyMs,
        Double ttftMs,
        int status,
        String errorType,
        String cache,
        int attempts,
        boolean fallback) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public UsageRecord {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static UsageRecord fromJson(byte[] json) throws IOException {
        return JSON.readValue(json, UsageRecord.class);
    }
}
