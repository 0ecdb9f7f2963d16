package dev.gatehouse.redis;

import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many gateway instances share this Redis, for budgets that must be split between them while
 * Redis is unreachable ({@code budgets_on_redis_failure: share}). Each instance beats every
 * {@link #BEAT} into one sorted set (member: its id, score: live until now + {@link #TTL}) and reads
 * the count of members still live in the same script; an instance that stops beating drops out
 * after the TTL. While Redis is unreachable the last count read stays. Thread-safe.
 */
public final class LiveInstances {

    static final String PREFIX = HashTag.prefix("inst", 1);
    static final Duration BEAT = Duration.ofSeconds(5);
    /** Three beats: one lost beat does not drop a live instance. */
    static final Duration TTL = Duration.ofSeconds(15);

    private static final Logger LOG = LoggerFactory.getLogger(LiveInstances.class);
    private static final RedisScript HEARTBEAT = RedisScript.load("/dev/gatehouse/redis/instances-v1.lua");

    private final Redis redis;
    private final GatewayClock clock;
    private final String key;
    private final String id = UUID.randomUUID().toString();
    private volatile int count;
    private volatile boolean stopped;
    private volatile GatewayClock.Timer timer = GatewayClock.Timer.NONE;

    /**
     * @param namespace put in front of the key, before the hash tag ({@code StateSettings.keyPrefix()};
     *     "" keeps the plain key name)
     */
    public LiveInstances(Redis redis, GatewayClock clock, String namespace) {
        this.redis = redis;
        this.clock = clock;
        this.key = namespace + PREFIX;
    }

    /** Beats once (completing when that beat has, whatever its outcome), then every {@link #BEAT}. */
    public Future<Void> start() {
        return beat().onComplete(done -> beatLater()).otherwiseEmpty();
    }

    private void beatLater() {
        if (stopped) {
            return;
        }
        timer = clock.schedule(BEAT, () -> beat().onComplete(done -> beatLater()));
    }

    private Future<Void> beat() {
        return HEARTBEAT
                .run(
                        redis,
                        List.of(key),
                        List.of(id, Long.toString(clock.instant().toEpochMilli()), Long.toString(TTL.toMillis())))
                .map(live -> {
                    count = live.toInteger();
                    return (Void) null;
                })
                .onFailure(e -> LOG.debug("live instances: heartbeat failed: {}", e.getMessage()));
    }

    /** The number of live instances last read from Redis (this one included); 0 until the first beat answered. */
    public int count() {
        return count;
    }

    /** Stops beating and leaves the set, so the others count one fewer at once. */
    public Future<Void> stop() {
        stopped = true;
        timer.cancel();
        return redis.send(Request.cmd(Command.ZREM).arg(key).arg(id))
                .<Void>mapEmpty()
                .otherwiseEmpty();
    }
}
