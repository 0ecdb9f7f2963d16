package dev.gatehouse.alerts;

import dev.gatehouse.hashing.KeyHashing;
import dev.gatehouse.redis.HashTag;
import dev.gatehouse.redis.RedisScript;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;

/**
 * Claims shared by every instance ({@code state: redis}): a condition's fire claim is
 * {@code SET NX PX} on {@code {gh}:alert:v1:open:<hash>} holding the winner's alert id; a
 * resolution's is {@code SET NX PX} on {@code {gh}:alert:v1:resolved:<id>}, in one script that also
 * drops the open claim, so the condition can fire again. Keys carry the state namespace.
 */
final class RedisAlertClaims implements AlertClaims {

    static final String PREFIX = HashTag.prefix("alert", 1);
    private static final RedisScript RESOLVE = RedisScript.load("/dev/gatehouse/alerts/resolve-v1.lua");

    private final Redis redis;
    private final String namespace;

    RedisAlertClaims(Redis redis, String namespace) {
        this.redis = redis;
        this.namespace = namespace;
    }

    @Override
    public Future<Fired> fire(String conditionKey, String candidateId, Duration ttl) {
        String key = openKey(conditionKey);
        Request set = Request.cmd(Command.SET)
                .arg(key)
                .arg(candidateId)
                .arg("NX")
                .arg("PX")
                .arg(Math.max(1, ttl.toMillis()));
        return redis.send(set).compose(r -> {
            if (r != null) {
                return Future.succeededFuture(new Fired(true, candidateId));
            }
            return redis.send(Request.cmd(Command.GET).arg(key))
                    .map((Response held) -> held == null
                            // Resolved and dropped between the two calls: the condition is someone else's
                            // that just ended; this instance's finding starts a new one on its next round.
                            ? new Fired(false, candidateId)
                            : new Fired(false, held.toString()));
        });
    }

    @Override
    public Future<Boolean> resolve(String conditionKey, String id, Duration ttl) {
        return RESOLVE.run(
                        redis,
                        List.of(openKey(conditionKey), namespace + PREFIX + "resolved:" + id),
                        List.of(id, Long.toString(Math.max(1, ttl.toMillis()))))
                .map(r -> r != null && r.toLong() == 1L);
    }

    private String openKey(String conditionKey) {
        return namespace + PREFIX + "open:" + KeyHashing.sha256Hex(conditionKey);
    }
}
