package dev.gatehouse.idempotency;

import dev.gatehouse.hashing.KeyHashing;
import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.redis.HashTag;
import dev.gatehouse.redis.RedisScript;
import dev.gatehouse.time.GatewayClock;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;

/**
 * {@link IdempotencyStore} in Redis, so a retry that lands on another instance is still answered
 * once. The claim is one atomic script. A duplicate of a running request polls the entry every
 * {@value #POLL_MILLIS} ms (pub/sub would save a few milliseconds at the cost of a subscription
 * per waiter) until it is done, or gone because the first request failed. A running claim expires
 * after {@link #RUNNING_TTL}, so one left by a crashed instance does not block the key forever.
 * The reply's usage is kept with it, because a surface that shows usage (Anthropic's) must show a
 * repeat what it showed the first time; a replay is still not charged, since limits, budgets and
 * metering are later stages that a replay never reaches.
 */
public final class RedisIdempotencyStore implements IdempotencyStore {

    static final String PREFIX = HashTag.prefix("idem", 3);
    static final Duration RUNNING_TTL = Duration.ofMinutes(10);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final RedisScript CLAIM = RedisScript.load("/dev/gatehouse/idempotency/claim-v3.lua");

    private final GatewayClock clock;
    private final Redis redis;
    private final String namespace;

    /**
     * @param clock times the polls of a request waiting for the first one with its key
     * @param namespace put in front of every key, before the hash tag ({@code StateSettings.keyPrefix()};
     *     "" keeps the key names of versions without a namespace)
     */
    public RedisIdempotencyStore(GatewayClock clock, Redis redis, String namespace) {
        this.clock = clock;
        this.redis = redis;
        this.namespace = namespace;
    }

    /** Hashed, so a client's key of any length or characters makes a well-formed Redis key. */
    private String redisKey(String key) {
        return namespace + PREFIX + KeyHashing.sha256Hex(key);
    }

    @Override
    public Future<Claim> claim(String key, String fingerprint) {
        return CLAIM.run(redis, List.of(redisKey(key)), List.of(fingerprint, Long.toString(RUNNING_TTL.toMillis())))
                .map(r -> switch (r.get(0).toString()) {
                    case "claimed" -> new Claim.Claimed();
                    case "conflict" -> new Claim.Conflict();
                    case "done" -> new Claim.Done(reply(r, 1));
                    default -> new Claim.InFlight(await(key, fingerprint));
                });
    }

    /**
     * The reply whose fields (status, body, the usage fields in {@link #complete}'s order, then the
     * relayed answer, empty for none) start at {@code from}.
     */
    private static Reply.Unary reply(Response r, int from) {
        Usage usage = new Usage(
                r.get(from + 2).toLong(),
                r.get(from + 3).toLong(),
                r.get(from + 4).toLong(),
                r.get(from + 5).toLong(),
                r.get(from + 6).toInteger() == 1);
        Response relay = r.get(from + 7);
        Buffer passthrough = relay == null || relay.toBuffer().length() == 0 ? null : relay.toBuffer();
        return new Reply.Unary(r.get(from).toInteger(), r.get(from + 1).toBuffer(), usage, passthrough);
    }

    /** Completes with the reply once the running request is done, or with null when it was abandoned. */
    private Future<Reply.Unary> await(String key, String fingerprint) {
        Promise<Reply.Unary> outcome = Promise.promise();
        poll(key, fingerprint, outcome);
        return outcome.future();
    }

    private void poll(String key, String fingerprint, Promise<Reply.Unary> outcome) {
        clock.schedule(
                POLL_INTERVAL,
                () -> redis.send(Request.cmd(Command.HMGET)
                                .arg(redisKey(key))
                                .arg("fp")
                                .arg("state")
                                .arg("status")
                                .arg("body")
                                .arg("in")
                                .arg("cached")
                                .arg("cache_write")
                                .arg("out")
                                .arg("estimated")
                                .arg("relay"))
                        .onFailure(outcome::tryFail)
                        .onSuccess(r -> {
                            if (r.get(0) == null || !fingerprint.equals(r.get(0).toString())) {
                                outcome.tryComplete(null);
                            } else if ("done".equals(r.get(1).toString())) {
                                outcome.tryComplete(reply(r, 2));
                            } else {
                                poll(key, fingerprint, outcome);
                            }
                        }));
    }

    @Override
    public Future<Void> complete(String key, Reply.Unary reply, Duration ttl) {
        String k = redisKey(key);
        Usage usage = reply.usage();
        return redis.batch(List.of(
                        Request.cmd(Command.HSET)
                                .arg(k)
                                .arg("state")
                                .arg("done")
                                .arg("status")
                                .arg(reply.status())
                                .arg("body")
                                .arg(reply.body())
                                .arg("in")
                                .arg(usage.inputTokens())
                                .arg("cached")
                                .arg(usage.cachedInputTokens())
                                .arg("cache_write")
                                .arg(usage.cacheWriteTokens())
                                .arg("out")
                                .arg(usage.outputTokens())
                                .arg("estimated")
                                .arg(usage.estimated() ? 1 : 0)
                                .arg("relay")
                                .arg(reply.passthrough() == null ? Buffer.buffer() : reply.passthrough()),
                        Request.cmd(Command.PEXPIRE).arg(k).arg(ttl.toMillis())))
                .mapEmpty();
    }

    @Override
    public Future<Void> abandon(String key) {
        return redis.send(Request.cmd(Command.DEL).arg(redisKey(key))).mapEmpty();
    }
}
