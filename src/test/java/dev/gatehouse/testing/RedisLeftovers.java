package dev.gatehouse.testing;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Deletes the keys a test run made in the shared Redis, and those of runs that crashed. It walks
 * the keys with {@code SCAN}, which never blocks the server the way {@code KEYS} does, and deletes
 * only keys that start with a run id; other users' keys are never touched.
 */
final class RedisLeftovers {

    private RedisLeftovers() {}

    /** How many keys went: this run's own, and stale ones of earlier runs. */
    record Deleted(long own, long stale) {}

    static Deleted delete(String url, TestRun run, Instant now) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Redis redis = Redis.createClient(vertx, url);
            long own = 0;
            long stale = 0;
            String cursor = "0";
            do {
                Response page = redis.send(Request.cmd(Command.SCAN)
                                .arg(cursor)
                                .arg("MATCH")
                                .arg(TestRun.anyRunRedisPattern())
                                .arg("COUNT")
                                .arg(1000))
                        .await(30, TimeUnit.SECONDS);
                cursor = page.get(0).toString();
                List<String> mine = new ArrayList<>();
                List<String> old = new ArrayList<>();
                for (Response key : page.get(1)) {
                    String name = key.toString();
                    if (run.owns(name)) {
                        mine.add(name);
                    } else if (run.isStaleLeftover(name, now)) {
                        old.add(name);
                    }
                }
                own += unlink(redis, mine);
                stale += unlink(redis, old);
            } while (!cursor.equals("0"));
            redis.close();
            return new Deleted(own, stale);
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    private static long unlink(Redis redis, List<String> keys) throws Exception {
        if (keys.isEmpty()) {
            return 0;
        }
        Request unlink = Request.cmd(Command.UNLINK);
        keys.forEach(unlink::arg);
        return redis.send(unlink).await(30, TimeUnit.SECONDS).toLong();
    }
}
