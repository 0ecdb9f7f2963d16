package dev.gatehouse.idempotency;

import dev.gatehouse.pipeline.Reply;
import io.vertx.core.Future;

/** What {@link IdempotencyStore#claim} found for a key: a closed set of outcomes. */
public sealed interface Claim {

    /** Nobody has this key: the caller runs the request and then completes or abandons it. */
    record Claimed() implements Claim {}

    /** A request with this key and body finished within the TTL: answer with its reply. */
    record Done(Reply.Unary reply) implements Claim {}

    /**
     * A request with this key and body is running: wait for {@code outcome}, which completes with its
     * reply, or with null when it was abandoned (then claim again).
     */
    record InFlight(Future<Reply.Unary> outcome) implements Claim {}

    /** The key was used with a different body. */
    record Conflict() implements Claim {}
}
