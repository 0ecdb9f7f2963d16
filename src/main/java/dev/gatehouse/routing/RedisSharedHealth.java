package dev.gatehouse.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.json.Json;
import dev.gatehouse.redis.RedisSubscription;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SharedHealth} through Redis. Each transition of a breaker here is published on
 * {@code {gh}:health:v1:changed} as JSON ({@code from}, {@code provider}, {@code model},
 * {@code state}, {@code until} in epoch milliseconds), and an open breaker is also kept under
 * {@code {gh}:health:v1:open:<provider>/<model>} until its cooldown ends (the key's expiry), for
 * instances that start later or lost their subscription. Another instance's open breaker closes
 * this one's deployment until the time it named, or until that instance reports it closed; its
 * half-open state changes nothing here, since each instance's own breaker judges the deployment
 * again once the cooldown is over.
 *
 * <p>Publishing is best effort: a failed write is logged at debug level and the breakers go on
 * learning from their own traffic. Thread-safe.
 */
public final class RedisSharedHealth implements SharedHealth {

    static final String CHANNEL = "{gh}:health:v1:changed";
    static final String OPEN_KEY = "{gh}:health:v1:open:";

    private static final Logger LOG = LoggerFactory.getLogger(RedisSharedHealth.class);

    private final GatewayClock clock;
    private final Redis redis;
    private final String channel;
    private final String keyPrefix;
    private final RedisSubscription subscription;
    private final String instance = UUID.randomUUID().toString();
    private volatile @Nullable DeploymentRegistry registry;

    /**
     * @param redis the gateway's pooled client, used to publish and read (not closed here)
     * @param subscriber where the subscription's own connection goes (one server or the cluster)
     * @param namespace put in front of the key and channel names ({@code StateSettings.keyPrefix()})
     */
    public RedisSharedHealth(Vertx vertx, GatewayClock clock, Redis redis, RedisOptions subscriber, String namespace) {
        this.clock = clock;
        this.redis = redis;
        this.channel = namespace + CHANNEL;
        this.keyPrefix = namespace + OPEN_KEY;
        this.subscription = new RedisSubscription(vertx, clock, subscriber, channel, "shared health");
    }

    /**
     * Subscribes, then reads what is stored for the deployments already in {@code deployments}
     * before completing, so a starting instance skips what the others found down from its first
     * request. A deployment first seen later is read when it is added.
     */
    @Override
    public Future<Void> start(DeploymentRegistry deployments) {
        registry = deployments;
        return subscription
                .start(this::onMessage, () -> deployments.all().forEach(this::readStored))
                .compose(v -> {
                    List<Future<Void>> reads =
                            deployments.all().stream().map(this::readStored).toList();
                    deployments.onAdded(this::watch);
                    return Future.join(reads).mapEmpty();
                });
    }

    /** Publishes the transitions of {@code stats}' breaker and picks up an open state stored before it was seen. */
    private void watch(DeploymentStats stats) {
        stats.breaker().onTransition((state, until) -> publish(stats, state, until));
        readStored(stats);
    }

    private void publish(DeploymentStats stats, CircuitBreaker.State state, @Nullable Instant until) {
        String key = keyPrefix + stats.id();
        Request store;
        if (state == CircuitBreaker.State.OPEN && until != null) {
            long ttl = Math.max(1, until.toEpochMilli() - clock.instant().toEpochMilli());
            store = Request.cmd(Command.SET)
                    .arg(key)
                    .arg(Long.toString(until.toEpochMilli()))
                    .arg("PX")
                    .arg(ttl);
        } else {
            store = Request.cmd(Command.DEL).arg(key);
        }
        ObjectNode news = Json.object();
        news.put("from", instance);
        news.put("provider", stats.provider());
        news.put("model", stats.model());
        news.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
        if (until != null) {
            news.put("until", until.toEpochMilli());
        }
        // One batch on one connection: an instance that reads the key after hearing the news finds it written.
        redis.batch(List.of(store, Request.cmd(Command.PUBLISH).arg(channel).arg(news.toString())))
                .onFailure(e ->
                        LOG.debug("shared health: could not publish {} of {}: {}", state, stats.id(), e.getMessage()));
    }

    /** Applies an open state stored for {@code stats}; completes when done, also when Redis failed. */
    private Future<Void> readStored(DeploymentStats stats) {
        return redis.send(Request.cmd(Command.GET).arg(keyPrefix + stats.id()))
                .<Void>map(value -> {
                    untilOf(value).ifPresent(stats.breaker()::sharedOpen);
                    return null;
                })
                .onFailure(e -> LOG.debug("shared health: could not read {}: {}", stats.id(), e.getMessage()))
                .otherwiseEmpty();
    }

    private static Optional<Instant> untilOf(@Nullable Response value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochMilli(Long.parseLong(value.toString())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void onMessage(String payload) {
        DeploymentRegistry deployments = registry;
        Optional<JsonNode> parsed = Json.tryParse(payload);
        if (deployments == null || parsed.isEmpty()) {
            return;
        }
        JsonNode news = parsed.get();
        String provider = news.path("provider").asText("");
        String model = news.path("model").asText("");
        if (instance.equals(news.path("from").asText()) || provider.isEmpty() || model.isEmpty()) {
            return;
        }
        CircuitBreaker breaker = deployments.get(provider, model).breaker();
        switch (news.path("state").asText()) {
            case "open" -> {
                if (news.path("until").canConvertToLong()) {
                    breaker.sharedOpen(Instant.ofEpochMilli(news.path("until").asLong()));
                }
            }
            case "closed" -> breaker.sharedClosed();
            default -> {}
        }
    }

    @Override
    public Future<Void> close() {
        return subscription.close();
    }
}
