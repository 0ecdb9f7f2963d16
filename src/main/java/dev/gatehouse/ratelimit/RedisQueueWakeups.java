package dev.gatehouse.ratelimit;

import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link QueueWakeups} over Redis pub/sub: a settle or release that freed capacity of a queueing
 * bucket publishes the bucket names, and every instance wakes the lanes it holds for them. A
 * subscribed connection cannot send other commands, so one connection listens and publishing goes
 * through the client's pool. A message lost while the subscription is down costs only latency:
 * each lane's head also has a timer for when the limiter said it fits.
 */
public final class RedisQueueWakeups implements QueueWakeups {

    /** The channel, with the limits' hash tag so it sits with the buckets it speaks of. */
    static final String CHANNEL = "gatehouse:{gh}:rl:queue:freed";

    private static final Logger LOG = LoggerFactory.getLogger(RedisQueueWakeups.class);
    private static final Duration RECONNECT_WAIT = Duration.ofSeconds(1);

    private final Redis redis;
    private final GatewayClock clock;
    private final LimitQueue queue;
    private final String channel;
    private final String instance = UUID.randomUUID().toString();
    private volatile boolean closed;
    private volatile @Nullable RedisConnection subscriber;

    /** @param namespace put in front of the channel ({@code StateSettings.keyPrefix()}) */
    public RedisQueueWakeups(Redis redis, GatewayClock clock, LimitQueue queue, String namespace) {
        this.redis = redis;
        this.clock = clock;
        this.queue = queue;
        this.channel = namespace + CHANNEL;
    }

    @Override
    public void freed(Collection<String> bucketNames) {
        if (bucketNames.isEmpty()) {
            return;
        }
        queue.wake(bucketNames);
        String message = instance + "\n" + String.join("\n", bucketNames);
        redis.send(Request.cmd(Command.PUBLISH).arg(channel).arg(message))
                .onFailure(e -> LOG.debug("queue wake-up not published: {}", e.getMessage()));
    }

    @Override
    public Future<Void> start() {
        return subscribe().recover(e -> {
            LOG.warn("queue wake-ups: cannot subscribe to Redis ({}); retrying every second", e.getMessage());
            reconnectLater();
            return Future.succeededFuture();
        });
    }

    private Future<Void> subscribe() {
        return redis.connect().compose(conn -> {
            conn.handler(this::onMessage);
            conn.exceptionHandler(e -> lost(conn, e.getMessage()));
            conn.endHandler(v -> lost(conn, "connection closed"));
            return conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).map(r -> {
                subscriber = conn;
                return null;
            });
        });
    }

    private void onMessage(Response message) {
        if ((message.type() != ResponseType.PUSH && message.type() != ResponseType.MULTI) || message.size() < 3) {
            return;
        }
        if (!"message".equals(message.get(0).toString())) {
            return;
        }
        List<String> lines = Arrays.asList(message.get(2).toString().split("\n"));
        if (lines.size() > 1 && !instance.equals(lines.get(0))) {
            queue.wake(lines.subList(1, lines.size()));
        }
    }

    private void lost(RedisConnection conn, @Nullable String why) {
        if (closed || subscriber != conn) {
            return;
        }
        subscriber = null;
        LOG.warn("queue wake-ups: lost the Redis subscription ({}); reconnecting", why);
        conn.close();
        reconnectLater();
    }

    private void reconnectLater() {
        if (closed) {
            return;
        }
        clock.schedule(RECONNECT_WAIT, () -> subscribe().onFailure(e -> reconnectLater()));
    }

    @Override
    public Future<Void> close() {
        closed = true;
        RedisConnection conn = subscriber;
        return conn == null ? Future.succeededFuture() : conn.close();
    }
}
