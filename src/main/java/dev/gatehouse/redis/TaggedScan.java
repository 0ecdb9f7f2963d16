package dev.gatehouse.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.util.List;

/**
 * {@code SCAN} over Gatehouse's keys that works on one server and on a Redis Cluster alike: the page
 * is read by a script routed by the {@link HashTag#TAG} slot, so it runs on the master that holds
 * every Gatehouse key (a plain {@code SCAN} would go to any node). Never {@code KEYS}.
 */
public final class TaggedScan {

    private static final RedisScript SCAN = RedisScript.load("/dev/gatehouse/redis/scan-v1.lua");

    private TaggedScan() {}

    /**
     * One page of the keys matching {@code pattern} (which must name keys carrying the hash tag):
     * the reply is SCAN's, {@code [next cursor, [keys]]}, with cursor "0" after the last page.
     */
    public static Future<Response> page(Redis redis, String cursor, String pattern, int count) {
        return SCAN.run(redis, List.of(HashTag.TAG), List.of(cursor, pattern, Integer.toString(count)));
    }
}
