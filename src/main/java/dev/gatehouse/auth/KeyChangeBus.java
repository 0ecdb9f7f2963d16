package dev.gatehouse.auth;

import io.vertx.core.Future;

/**
 * Tells the other gateway instances that keys, teams, users or their limits changed, so each
 * reloads its {@link KeyRing} from the store (and that stored prompt templates changed: the same
 * news makes each reread those, see {@link StoredKeys#listen(Runnable)}). With one instance there is nobody to tell
 * ({@link #LOCAL}); with {@code state: redis} the news travels by Redis pub/sub.
 *
 * <p>Called on event-loop threads; never blocks.
 */
public interface KeyChangeBus {

    KeyChangeBus LOCAL = new KeyChangeBus() {
        @Override
        public Future<Void> start(Runnable onChange) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> publish() {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> close() {
            return Future.succeededFuture();
        }
    };

    /**
     * Starts listening. {@code onChange} runs (on an event loop) whenever another instance published
     * a change, and also after a lost subscription is re-established, since news may have been missed.
     */
    Future<Void> start(Runnable onChange);

    /** Tells every other instance that something changed. */
    Future<Void> publish();

    Future<Void> close();
}
