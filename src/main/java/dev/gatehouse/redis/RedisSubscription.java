package dev.gatehouse.redis;

import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Redis pub/sub channel listened to for as long as the gateway runs. A subscribed connection
 * cannot send other commands, so it holds a connection of its own; publishers use their pooled
 * client. When the subscription drops it reconnects every second and then says so, because
 * messages sent while it was away are lost (pub/sub does not queue) and the listener must catch up
 * some other way. Messages and the catch-up call arrive on an event loop. Thread-safe.
 */
public final class RedisSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(RedisSubscription.class);
    private static final Duration RECONNECT_WAIT = Duration.ofSeconds(1);

    private final GatewayClock clock;
    private final Redis redis;
    private final String channel;
    /** What the log calls this subscription ("key change bus", "shared health"). */
    private final String name;

    private volatile boolean closed;
    private volatile @Nullable RedisConnection subscriber;
    private Consumer<String> onMessage = message -> {};
    private Runnable onResubscribed = () -> {};

    public RedisSubscription(Vertx vertx, GatewayClock clock, RedisOptions redis, String channel, String name) {
        this.clock = clock;
        this.channel = channel;
        this.name = name;
        this.redis = Redis.createClient(vertx, redis);
    }

    /**
     * Subscribes. A first attempt that fails does not fail the start: it retries every second, as
     * after a lost subscription.
     *
     * @param onMessage gets each message's payload
     * @param onResubscribed runs once a lost (or never made) subscription is made again
     */
    public Future<Void> start(Consumer<String> onMessage, Runnable onResubscribed) {
        this.onMessage = onMessage;
        this.onResubscribed = onResubscribed;
        return subscribe().recover(e -> {
            LOG.warn("{}: cannot subscribe to Redis ({}); retrying every second", name, e.getMessage());
            reconnectLater();
            return Future.succeededFuture();
        });
    }

    private Future<Void> subscribe() {
        return redis.connect().compose(conn -> {
            conn.handler(this::onPush);
            conn.exceptionHandler(e -> lost(conn, e.getMessage()));
            conn.endHandler(v -> lost(conn, "connection closed"));
            return conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).map(r -> {
                subscriber = conn;
                return null;
            });
        });
    }

    private void onPush(Response message) {
        if ((message.type() != ResponseType.PUSH && message.type() != ResponseType.MULTI) || message.size() < 3) {
            return;
        }
        if ("message".equals(message.get(0).toString())) {
            onMessage.accept(message.get(2).toString());
        }
    }

    private void lost(RedisConnection conn, @Nullable String why) {
        if (closed || subscriber != conn) {
            return;
        }
        subscriber = null;
        LOG.warn("{}: lost the Redis subscription ({}); reconnecting", name, why);
        conn.close();
        reconnectLater();
    }

    private void reconnectLater() {
        if (closed) {
            return;
        }
        clock.schedule(
                RECONNECT_WAIT,
                () -> subscribe()
                        .onSuccess(v -> {
                            LOG.info("{}: subscribed again; catching up on news that may have been missed", name);
                            onResubscribed.run();
                        })
                        .onFailure(e -> reconnectLater()));
    }

    public Future<Void> close() {
        closed = true;
        RedisConnection conn = subscriber;
        Future<Void> closing = conn == null ? Future.succeededFuture() : conn.close();
        return closing.eventually(redis::close);
    }
}
