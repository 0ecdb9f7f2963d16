package dev.gatehouse.redis;

import dev.gatehouse.config.StateSettings;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisReplicas;

/** The Redis client limits and budgets share, sized for request bursts, on one server or a Redis Cluster. */
public final class RedisClients {

    private RedisClients() {}

    /** A pooled client for the server or cluster {@code state} names. */
    public static Redis create(Vertx vertx, StateSettings state) {
        return Redis.createClient(vertx, pooled(options(state)));
    }

    /** A pooled client for one Redis server. */
    public static Redis create(Vertx vertx, String url) {
        return Redis.createClient(vertx, pooled(new RedisOptions().setConnectionString(url)));
    }

    /**
     * Where {@code state}'s Redis is, without pool sizing (for a client that only holds one
     * connection, like a pub/sub subscriber). On a cluster every command goes to the master of its
     * key's slot: reading a replica could see a counter a moment old, and a limit must not.
     */
    public static RedisOptions options(StateSettings state) {
        if (!state.cluster()) {
            return new RedisOptions().setConnectionString(state.redisUrl());
        }
        return new RedisOptions()
                .setType(RedisClientType.CLUSTER)
                .setEndpoints(state.clusterNodes())
                .setUseReplicas(RedisReplicas.NEVER);
    }

    /**
     * Every request runs one or two short scripts, so a burst of requests queues for connections;
     * the default wait queue (24) would fail a burst that a moment's wait serves. On a cluster the
     * pool is per node.
     */
    private static RedisOptions pooled(RedisOptions options) {
        return options.setMaxPoolSize(16).setMaxPoolWaiting(10_000).setMaxWaitingHandlers(10_000);
    }
}
