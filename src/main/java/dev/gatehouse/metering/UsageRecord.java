package dev.gatehouse.metering;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What one request used and cost: one record per request, whether it succeeded, was rejected, failed
 * or was cut short by the client. Immutable; serialized as snake_case JSON in the spool.
 *
 * @param timeMs when the request arrived, epoch milliseconds
 * @param keyId the virtual key's id, or {@code null} when the request was not authenticated
 * @param tags feature tags from {@code x-gateway-options.tags} (or {@code x-gatehouse-tags}), else the
 *     body's {@code metadata.tags}
 * @param metadata the caller's string labels from {@code x-gateway-options.metadata}
 * @param deployment {@code provider/model} of the deployment that answered (or was tried last)
 * @param cacheWriteTokens the part of {@code inputTokens} written to the provider's prompt cache
 * @param reasoningTokens the part of {@code outputTokens} spent reasoning, when the provider tells it
 * @param estimated whether the token counts are the gateway's estimate rather than the provider's
 * @param costUsd the price of the tokens, or {@code null} when the model has no known price
 * @param ttftMs time until the answer (JSON) or its first chunk (stream) was ready, or {@code null}
 * @param status the HTTP status sent; 499 when the client went away first
 * @param errorType the error code of a failed request (or of a stream that failed after its start)
 * @param cache the response cache's outcome: {@code exact}, {@code semantic}, {@code miss}, {@code bypass}, or
 *     {@code none} when the cache is off for the request
 * @param attempts upstream calls made (0 when the request never reached a provider)
 * @param correction whether this record corrects the status and error type of the request's record
 *     staged before it (the client went away while its answer was being written), rather than
 *     being a request of its own: stores apply those two fields and count nothing
 * @param savedUsd for an answer from the response cache, what producing it cost (what the hit saved);
 *     {@code null} otherwise
 * @param endpoint the API path the client called ({@code /v1/chat/completions},
 *     {@code /v1/audio/transcriptions}...), or {@code null} in records written before it was kept
 * @param guardrails each guardrail decision on the request and its answer, in order; empty when none ran
 * @param mcpServer for a tool call through {@code /mcp}, the configured tool server that served it
 * @param mcpTool for a tool call through {@code /mcp}, the server's own name of the tool (unprefixed)
 * @param bytesIn for a tool call, the size of its JSON arguments; 0 otherwise
 * @param bytesOut for a tool call, the size of its JSON result; 0 otherwise
 * @param promptId the prompt template the request was rendered from, or {@code null}
 * @param promptVersion that template's version, or {@code null}
 * @param promptArm the label that chose the version (the A/B arm), or {@code null} when the request
 *     named the version or used no template
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record UsageRecord(
        @Nullable String requestId,
        long timeMs,
        @Nullable String keyId,
        @Nullable String userId,
        @Nullable String teamId,
        List<String> tags,
        Map<String, String> metadata,
        @Nullable String publicModel,
        @Nullable String provider,
        @Nullable String deployment,
        long inputTokens,
        long cachedTokens,
        long cacheWriteTokens,
        long outputTokens,
        long reasoningTokens,
        boolean estimated,
        @Nullable Double costUsd,
        double latencyMs,
        @Nullable Double ttftMs,
        int status,
        @Nullable String errorType,
        @Nullable String cache,
        int attempts,
        boolean fallback,
        boolean correction,
        @Nullable Double savedUsd,
        @Nullable String endpoint,
        List<GuardrailCheck> guardrails,
        @Nullable String mcpServer,
        @Nullable String mcpTool,
        long bytesIn,
        long bytesOut,
        @Nullable String promptId,
        @Nullable Integer promptVersion,
        @Nullable String promptArm) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public UsageRecord {
        tags = tags == null ? List.of() : List.copyOf(tags);
        // Records spooled before the field existed have none.
        metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(metadata));
        guardrails = guardrails == null ? List.of() : List.copyOf(guardrails);
    }

    /** A builder with named setters, since 31 positional arguments are easy to get wrong. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values, to make a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.requestId = requestId;
        b.timeMs = timeMs;
        b.keyId = keyId;
        b.userId = userId;
        b.teamId = teamId;
        b.tags = tags;
        b.metadata = metadata;
        b.publicModel = publicModel;
        b.provider = provider;
        b.deployment = deployment;
        b.inputTokens = inputTokens;
        b.cachedTokens = cachedTokens;
        b.cacheWriteTokens = cacheWriteTokens;
        b.outputTokens = outputTokens;
        b.reasoningTokens = reasoningTokens;
        b.estimated = estimated;
        b.costUsd = costUsd;
        b.latencyMs = latencyMs;
        b.ttftMs = ttftMs;
        b.status = status;
        b.errorType = errorType;
        b.cache = cache;
        b.attempts = attempts;
        b.fallback = fallback;
        b.correction = correction;
        b.savedUsd = savedUsd;
        b.endpoint = endpoint;
        b.guardrails = guardrails;
        b.mcpServer = mcpServer;
        b.mcpTool = mcpTool;
        b.bytesIn = bytesIn;
        b.bytesOut = bytesOut;
        b.promptId = promptId;
        b.promptVersion = promptVersion;
        b.promptArm = promptArm;
        return b;
    }

    /** Builds a {@link UsageRecord}; unset fields are null, zero or false. */
    public static final class Builder {
        private @Nullable String requestId;
        private long timeMs;
        private @Nullable String keyId;
        private @Nullable String userId;
        private @Nullable String teamId;
        private @Nullable List<String> tags;
        private @Nullable Map<String, String> metadata;
        private @Nullable String publicModel;
        private @Nullable String provider;
        private @Nullable String deployment;
        private long inputTokens;
        private long cachedTokens;
        private long cacheWriteTokens;
        private long outputTokens;
        private long reasoningTokens;
        private boolean estimated;
        private @Nullable Double costUsd;
        private double latencyMs;
        private @Nullable Double ttftMs;
        private int status;
        private @Nullable String errorType;
        private @Nullable String cache;
        private int attempts;
        private boolean fallback;
        private boolean correction;
        private @Nullable Double savedUsd;
        private @Nullable String endpoint;
        private @Nullable List<GuardrailCheck> guardrails;
        private @Nullable String mcpServer;
        private @Nullable String mcpTool;
        private long bytesIn;
        private long bytesOut;
        private @Nullable String promptId;
        private @Nullable Integer promptVersion;
        private @Nullable String promptArm;

        private Builder() {}

        public Builder mcpServer(@Nullable String mcpServer) {
            this.mcpServer = mcpServer;
            return this;
        }

        public Builder mcpTool(@Nullable String mcpTool) {
            this.mcpTool = mcpTool;
            return this;
        }

        public Builder bytesIn(long bytesIn) {
            this.bytesIn = bytesIn;
            return this;
        }

        public Builder bytesOut(long bytesOut) {
            this.bytesOut = bytesOut;
            return this;
        }

        /** The template, version and arm that rendered the request. */
        public Builder prompt(@Nullable String id, @Nullable Integer version, @Nullable String arm) {
            this.promptId = id;
            this.promptVersion = version;
            this.promptArm = arm;
            return this;
        }

        public Builder savedUsd(@Nullable Double savedUsd) {
            this.savedUsd = savedUsd;
            return this;
        }

        public Builder guardrails(@Nullable List<GuardrailCheck> guardrails) {
            this.guardrails = guardrails;
            return this;
        }

        public Builder endpoint(@Nullable String endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder requestId(@Nullable String requestId) {
            this.requestId = requestId;
            return this;
        }

        public Builder timeMs(long timeMs) {
            this.timeMs = timeMs;
            return this;
        }

        public Builder keyId(@Nullable String keyId) {
            this.keyId = keyId;
            return this;
        }

        public Builder userId(@Nullable String userId) {
            this.userId = userId;
            return this;
        }

        public Builder teamId(@Nullable String teamId) {
            this.teamId = teamId;
            return this;
        }

        public Builder tags(@Nullable List<String> tags) {
            this.tags = tags;
            return this;
        }

        public Builder metadata(@Nullable Map<String, String> metadata) {
            this.metadata = metadata;
            return this;
        }

        public Builder publicModel(@Nullable String publicModel) {
            this.publicModel = publicModel;
            return this;
        }

        public Builder provider(@Nullable String provider) {
            this.provider = provider;
            return this;
        }

        public Builder deployment(@Nullable String deployment) {
            this.deployment = deployment;
            return this;
        }

        public Builder inputTokens(long inputTokens) {
            this.inputTokens = inputTokens;
            return this;
        }

        public Builder cachedTokens(long cachedTokens) {
            this.cachedTokens = cachedTokens;
            return this;
        }

        public Builder cacheWriteTokens(long cacheWriteTokens) {
            this.cacheWriteTokens = cacheWriteTokens;
            return this;
        }

        public Builder outputTokens(long outputTokens) {
            this.outputTokens = outputTokens;
            return this;
        }

        public Builder reasoningTokens(long reasoningTokens) {
            this.reasoningTokens = reasoningTokens;
            return this;
        }

        public Builder estimated(boolean estimated) {
            this.estimated = estimated;
            return this;
        }

        public Builder costUsd(@Nullable Double costUsd) {
            this.costUsd = costUsd;
            return this;
        }

        public Builder latencyMs(double latencyMs) {
            this.latencyMs = latencyMs;
            return this;
        }

        public Builder ttftMs(@Nullable Double ttftMs) {
            this.ttftMs = ttftMs;
            return this;
        }

        public Builder status(int status) {
            this.status = status;
            return this;
        }

        public Builder errorType(@Nullable String errorType) {
            this.errorType = errorType;
            return this;
        }

        public Builder cache(@Nullable String cache) {
            this.cache = cache;
            return this;
        }

        public Builder attempts(int attempts) {
            this.attempts = attempts;
            return this;
        }

        public Builder fallback(boolean fallback) {
            this.fallback = fallback;
            return this;
        }

        public Builder correction(boolean correction) {
            this.correction = correction;
            return this;
        }

        public UsageRecord build() {
            return new UsageRecord(
                    requestId,
                    timeMs,
                    keyId,
                    userId,
                    teamId,
                    tags == null ? List.of() : tags,
                    metadata == null ? Map.of() : metadata,
                    publicModel,
                    provider,
                    deployment,
                    inputTokens,
                    cachedTokens,
                    cacheWriteTokens,
                    outputTokens,
                    reasoningTokens,
                    estimated,
                    costUsd,
                    latencyMs,
                    ttftMs,
                    status,
                    errorType,
                    cache,
                    attempts,
                    fallback,
                    correction,
                    savedUsd,
                    endpoint,
                    guardrails == null ? List.of() : guardrails,
                    mcpServer,
                    mcpTool,
                    bytesIn,
                    bytesOut,
                    promptId,
                    promptVersion,
                    promptArm);
        }
    }

    /** The record as its spool JSON, which {@link #fromJson} reads back. */
    public byte[] toJson() {
        try {
            return UsageRecordJson.write(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static UsageRecord fromJson(byte[] json) throws IOException {
        return JSON.readValue(json, UsageRecord.class);
    }
}
