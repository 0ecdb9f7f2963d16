package dev.gatehouse.alerts;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Claims for one instance ({@code state: memory}): the same rules as in Redis, in a map. Thread-safe. */
final class MemoryAlertClaims implements AlertClaims {

    private record Held(String value, Instant until) {}

    private final Map<String, Held> held = new HashMap<>();
    private final InstantSource clock;

    MemoryAlertClaims(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Future<Fired> fire(String conditionKey, String candidateId, Duration ttl) {
        Held h = live("open:" + conditionKey);
        if (h != null) {
            return Future.succeededFuture(new Fired(false, h.value()));
        }
        held.put("open:" + conditionKey, new Held(candidateId, clock.instant().plus(ttl)));
        return Future.succeededFuture(new Fired(true, candidateId));
    }

    @Override
    public synchronized Future<Boolean> resolve(String conditionKey, String id, Duration ttl) {
        if (live("resolved:" + id) != null) {
            return Future.succeededFuture(false);
        }
        held.put("resolved:" + id, new Held("1", clock.instant().plus(ttl)));
        Held open = live("open:" + conditionKey);
        if (open != null && open.value().equals(id)) {
            held.remove("open:" + conditionKey);
        }
        held.values().removeIf(x -> !clock.instant().isBefore(x.until()));
        return Future.succeededFuture(true);
    }

    private @Nullable Held live(String key) {
        Held h = held.get(key);
        return h == null || !clock.instant().isBefore(h.until()) ? null : h;
    }
}
