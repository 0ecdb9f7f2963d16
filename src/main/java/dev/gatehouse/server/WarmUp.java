package dev.gatehouse.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.BooleanSupplier;

/**
 * Readies the request path before the gateway reports ready ({@code /readyz}). It runs once, after
 * the fronts listen; requests are served meanwhile, only readiness waits. Whether it succeeds or
 * fails the gateway then reports ready: it is an optimization, never a gate on serving.
 *
 * <p>It must not touch the gateway's keys, limits, budgets, usage records or metrics, nor contact
 * a configured provider. It runs on Vert.x threads and must not block them.
 */
interface WarmUp {

    /** No warm-up: ready as soon as the fronts listen. */
    WarmUp NONE = (vertx, stopping) -> Future.succeededFuture();

    /**
     * @param stopping becomes true when the gateway stops; the warm-up should end early then
     */
    Future<Void> run(Vertx vertx, BooleanSupplier stopping);
}
