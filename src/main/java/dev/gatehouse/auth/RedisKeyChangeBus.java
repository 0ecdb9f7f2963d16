package dev.gatehouse.auth;

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
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KeyChangeBus} over Redis pub/sub. A subscribed connection cannot send other commands, so
 * it holds one connection for {@code SUBSCRIBE} and publishes through the client's pool. Messages
 * carry the publishing instance's id so an instance ignores its own news (it reloaded already).
 * When the subscription drops it reconnects every second and then reloads, because messages sent
 * while it was away are lost (pub/sub does not queue).
 */
public final class RedisKeyChangeBus implements KeyChangeBus {

    static final String CHANNEL = "gatehouse:keys:changed";
    private static final Logger LOG = LoggerFactory.getLogger(RedisKeyChangeBus.class);
    private static final Duration RECONNECT_WAIT = Duration.ofSeconds(1);

    private final GatewayClock clock;
    private final Redis redis;
    private final String channel;
    private final String instance = UUID.randomUUID().toString();
    private volatile boolean closed;
    private volatile @Nullable RedisConnection subscriber;
    private Runnable onChange = () -> {};

    /**
     * @param namespace put in front of the channel name ({@code StateSettings.keyPrefix()}), so only
     *     gateways of one namespace hear each other
     */
    public RedisKeyChangeBus(Vertx vertx, GatewayClock clock, String redisUrl, String namespace) {
        this(vertx, clock, redisUrl, namespace, CHANNEL);
    }

    /** A bus on a channel of its own ({@code channel}, after the namespace), for news other than key changes. */
    public RedisKeyChangeBus(Vertx vertx, GatewayClock clock, String redisUrl, String namespace, String channel) {
        this.clock = clock;
        this.channel = namespace + channel;
        this.redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(redisUrl));
    }

    @Override
    public Future<Void> start(Runnable onChange) {
        this.onChange = onChange;
        return subscribe().recover(e -> {
            LOG.warn("key change bus: cannot subscribe to Redis ({}); retrying every second", e.getMessage());
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
        if ("message".equals(message.get(0).toString())
                && !instance.equals(message.get(2).toString())) {
            onChange.run();
        }
    }

    private void lost(RedisConnection conn, @Nullable String why) {
        if (closed || subscriber != conn) {
            return;
        }
        subscriber = null;
        LOG.warn("key change bus: lost the Redis subscription ({}); reconnecting", why);
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
                            LOG.info("key change bus: subscribed again; reloading keys in case news was missed");
                            onChange.run();
                        })
                        .onFailure(e -> reconnectLater()));
    }

    @Override
    public Future<Void> publish() {
        return redis.send(Request.cmd(Command.PUBLISH).arg(channel).arg(instance))
                .mapEmpty();
    }

    @Override
    public Future<Void> close() {
        closed = true;
        RedisConnection conn = subscriber;
        Future<Void> closing = conn == null ? Future.succeededFuture() : conn.close();
        return closing.eventually(redis::close);
    }
}
