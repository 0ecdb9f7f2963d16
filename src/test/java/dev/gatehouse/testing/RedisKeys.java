package dev.gatehouse.testing;

import dev.gatehouse.redis.HashTag;
import dev.gatehouse.redis.TaggedScan;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Finding keys in the shared test Redis: with {@code SCAN}, which never blocks it as {@code KEYS} does. */
public final class RedisKeys {

    private RedisKeys() {}

    /**
     * Every key matching {@code pattern}, waiting for each page. A pattern with the gateway's hash
     * tag is scanned on the node that holds that slot, so this works on a Redis Cluster too.
     */
    public static List<String> scan(Redis redis, String pattern) throws Exception {
        List<String> keys = new ArrayList<>();
        String cursor = "0";
        do {
            Response page = (pattern.contains(HashTag.TAG)
                            ? TaggedScan.page(redis, cursor, pattern, 1000)
                            : redis.send(Request.cmd(Command.SCAN)
                                    .arg(cursor)
                                    .arg("MATCH")
                                    .arg(pattern)
                                    .arg("COUNT")
                                    .arg(1000)))
                    .await(10, TimeUnit.SECONDS);
            cursor = page.get(0).toString();
            page.get(1).forEach(k -> keys.add(k.toString()));
        } while (!cursor.equals("0"));
        return keys;
    }
}
