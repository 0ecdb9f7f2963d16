package dev.gatehouse.responsestore;

import org.jspecify.annotations.Nullable;

/**
 * One kept response.
 *
 * @param id the response's {@code resp_...} id
 * @param owner who may see it ({@link ResponseOwner#of})
 * @param keyId the virtual key that created it
 * @param previousId the response it continued, or {@code null}
 * @param createdMs when it was created, epoch milliseconds
 * @param expiresMs when retention ends, epoch milliseconds; it is never read after that
 * @param inputItems the JSON array of its input items, as {@code input_items} lists them
 * @param response the JSON of the Response object as the client received it
 */
public record StoredResponse(
        String id,
        String owner,
        String keyId,
        @Nullable String previousId,
        long createdMs,
        long expiresMs,
        String inputItems,
        String response) {}
