package dev.gatehouse.idempotency;

import dev.gatehouse.pipeline.Reply;
import io.vertx.core.Future;
import java.time.Duration;

/**
 * Replies remembered by {@code Idempotency-Key}, so a client's retry of a request that already ran
 * gets the same answer without a second provider call or charge. A key is claimed by the first
 * request, which then completes it with its reply (kept for the TTL) or abandons it (a failed
 * request may be retried for real). A repeat gets the reply as it was completed: status, body and
 * usage (shown again by surfaces that report usage; nothing charges a replay).
 *
 * <p>Called on event loops; never blocks. Thread-safe.
 */
public interface IdempotencyStore {

    /**
     * @param key the client's key, scoped by the caller to its virtual key
     * @param fingerprint identifies the request body; the same key with another fingerprint is a conflict
     */
    Future<Claim> claim(String key, String fingerprint);

    Future<Void> complete(String key, Reply.Unary reply, Duration ttl);

    Future<Void> abandon(String key);
}
