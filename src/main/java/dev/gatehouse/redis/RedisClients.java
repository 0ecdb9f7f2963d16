package dev.gatehouse.redis;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/** The Redis client limits and budgets share, sized for request bursts. */
public final class RedisClients {

    private RedisClients() {}

    /**
     * A pooled client. Every request runs one or two short scripts, so a burst of requests queues
     * for connections; the default wait queue (24) would fail a burst that a moment's wait serves.
     */
    public static Redis create(Vertx vertx, String url) {
        return Redis.createClient(
                vertx,
                new RedisOptions()
                        .setConnectionString(url)
                        .setMaxPoolSize(16)
                        .setMaxPoolWaiting(10_000)
                        .setMaxWaitingHandlers(10_000));
    }
}
