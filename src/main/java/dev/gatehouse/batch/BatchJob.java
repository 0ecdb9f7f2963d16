package dev.gatehouse.batch;

import org.jspecify.annotations.Nullable;

/**
 * A batch as the store keeps it. Times are epoch milliseconds; a null time is a status not reached.
 *
 * @param keyHash the SHA-256 of the creating key: its lines run as that key while it is live
 * @param metadata the client's metadata object as JSON, or null
 * @param errors the validation errors as OpenAI's {@code errors} object in JSON, or null
 */
public record BatchJob(
        String id,
        String owner,
        String keyId,
        String keyHash,
        String endpoint,
        String inputFileId,
        String completionWindow,
        BatchStatus status,
        @Nullable String metadata,
        @Nullable String errors,
        @Nullable String outputFileId,
        @Nullable String errorFileId,
        Counts counts,
        long createdMs,
        long expiresMs,
        Times times) {

    /** OpenAI's {@code request_counts}. */
    public record Counts(int total, int completed, int failed) {}

    /** When the batch entered each status after {@code validating}. */
    public record Times(
            @Nullable Long inProgress,
            @Nullable Long finalizing,
            @Nullable Long completed,
            @Nullable Long failed,
            @Nullable Long expired,
            @Nullable Long cancelling,
            @Nullable Long cancelled) {

        public static final Times NONE = new Times(null, null, null, null, null, null, null);
    }
}
