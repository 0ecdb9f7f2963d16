package dev.gatehouse.routing;

import io.vertx.core.Future;

/**
 * Shares circuit-breaker transitions between the gateway instances of one deployment, so that a
 * provider one instance found down is skipped by all of them ("shared health"). With one instance
 * ({@code state: memory}) there is nobody to tell ({@link #LOCAL}): each breaker learns from its own
 * instance's traffic. With {@code state: redis} the news travels through Redis
 * ({@link RedisSharedHealth}).
 *
 * <p>Called on event-loop threads; never blocks.
 */
public interface SharedHealth {

    SharedHealth LOCAL = new SharedHealth() {
        @Override
        public Future<Void> start(DeploymentRegistry registry) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> close() {
            return Future.succeededFuture();
        }
    };

    /**
     * Tells the other instances of every transition of the breakers in {@code registry} (those
     * there now and those added later), and applies theirs to it. Completes once listening.
     */
    Future<Void> start(DeploymentRegistry registry);

    Future<Void> close();
}
