package dev.gatehouse.idempotency;

import dev.gatehouse.pipeline.Reply;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * {@link IdempotencyStore} in this process's memory. Finished entries are dropped when their TTL
 * has passed (checked on each claim, and swept every {@value #SWEEP_EVERY} claims). Thread-safe:
 * one lock, held only for map operations; waiters are completed outside it.
 */
public final class MemoryIdempotencyStore implements IdempotencyStore {

    private static final int SWEEP_EVERY = 1024;

    /** A claimed key: running (reply null) or finished (reply set, expiring). */
    private static final class Entry {
        final String fingerprint;
        final Promise<Reply.Unary> outcome = Promise.promise();
        Reply.Unary reply;
        Instant expires;

        Entry(String fingerprint) {
            this.fingerprint = fingerprint;
        }
    }

    private final InstantSource clock;
    private final Map<String, Entry> entries = new HashMap<>();
    private int claims;

    public MemoryIdempotencyStore(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public Future<Claim> claim(String key, String fingerprint) {
        return Future.succeededFuture(claimNow(key, fingerprint));
    }

    private synchronized Claim claimNow(String key, String fingerprint) {
        Instant now = clock.instant();
        if (++claims % SWEEP_EVERY == 0) {
            sweep(now);
        }
        Entry e = entries.get(key);
        if (e != null && e.expires != null && !now.isBefore(e.expires)) {
            entries.remove(key);
            e = null;
        }
        if (e == null) {
            entries.put(key, new Entry(fingerprint));
            return new Claim.Claimed();
        }
        if (!e.fingerprint.equals(fingerprint)) {
            return new Claim.Conflict();
        }
        return e.reply != null ? new Claim.Done(e.reply) : new Claim.InFlight(e.outcome.future());
    }

    @Override
    public Future<Void> complete(String key, Reply.Unary reply, Duration ttl) {
        Entry e;
        synchronized (this) {
            e = entries.get(key);
            if (e == null) {
                return Future.succeededFuture();
            }
            e.reply = reply;
            e.expires = clock.instant().plus(ttl);
        }
        e.outcome.tryComplete(reply);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> abandon(String key) {
        Entry e;
        synchronized (this) {
            e = entries.remove(key);
        }
        if (e != null) {
            e.outcome.tryComplete(null);
        }
        return Future.succeededFuture();
    }

    private void sweep(Instant now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.expires != null && !now.isBefore(e.expires)) {
                it.remove();
            }
        }
    }
}
