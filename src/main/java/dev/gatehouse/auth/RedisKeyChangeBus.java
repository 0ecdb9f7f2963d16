package dev.gatehouse.auth;

import dev.gatehouse.redis.RedisSubscription;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import java.util.UUID;

/**
 * {@link KeyChangeBus} over Redis pub/sub ({@link RedisSubscription}); it publishes through a
 * client of its own. Messages carry the publishing instance's id so an instance ignores its own
 * news (it reloaded already). After a lost subscription comes back it reloads, since news sent
 * while it was away is lost.
 *
 * <p>On a Redis Cluster the subscriber holds a connection to one master and {@code PUBLISH} goes to
 * any node: a cluster forwards every published message to all its nodes, so the channel needs no
 * slot. When the subscribed master fails, the connection ends and the bus subscribes again on a node
 * that answers.
 */
public final class RedisKeyChangeBus implements KeyChangeBus {

    static final String CHANNEL = "gatehouse:keys:changed";

    private final Redis redis;
    private final String channel;
    private final RedisSubscription subscription;
    private final String instance = UUID.randomUUID().toString();

    /**
     * @param namespace put in front of the channel name ({@code StateSettings.keyPrefix()}), so only
     *     gateways of one namespace hear each other
     */
    public RedisKeyChangeBus(Vertx vertx, GatewayClock clock, RedisOptions redis, String namespace) {
        this(vertx, clock, redis, namespace, CHANNEL);
    }

    /** A bus on a channel of its own ({@code channel}, after the namespace), for news other than key changes. */
    public RedisKeyChangeBus(Vertx vertx, GatewayClock clock, RedisOptions redis, String namespace, String channel) {
        this.channel = namespace + channel;
        this.redis = Redis.createClient(vertx, redis);
        this.subscription = new RedisSubscription(vertx, clock, redis, this.channel, "change bus " + channel);
    }

    @Override
    public Future<Void> start(Runnable onChange) {
        return subscription.start(
                from -> {
                    if (!instance.equals(from)) {
                        onChange.run();
                    }
                },
                onChange);
    }

    @Override
    public Future<Void> publish() {
        return redis.send(Request.cmd(Command.PUBLISH).arg(channel).arg(instance))
                .mapEmpty();
    }

    @Override
    public Future<Void> close() {
        return subscription.close().eventually(redis::close);
    }
}
