package dev.gatehouse.alerts;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * Makes each alert transition notify once, however many instances see it. An instance that finds
 * a condition claims it ({@link #fire}); the first claim wins and its id becomes the alert's on every
 * instance. The resolution is claimed by alert id ({@link #resolve}), so only one instance sends it.
 * Claims expire, so a crashed instance cannot hold one forever. Event loops; never blocks.
 */
interface AlertClaims {

    /** The outcome of a fire claim: whether this instance won, and the alert's id (the winner's). */
    record Fired(boolean won, String id) {}

    /**
     * Claims {@code conditionKey} with {@code candidateId} for {@code ttl}; when another instance
     * already holds it, answers its id. A failure (Redis unreachable) fails the future: the caller
     * notifies anyway, since a duplicate is better than a lost alert.
     */
    Future<Fired> fire(String conditionKey, String candidateId, Duration ttl);

    /** Claims the resolution of alert {@code id}; true for the one instance that should notify. */
    Future<Boolean> resolve(String conditionKey, String id, Duration ttl);
}
