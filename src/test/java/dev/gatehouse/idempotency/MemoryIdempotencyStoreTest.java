package dev.gatehouse.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemoryIdempotencyStoreTest extends IdempotencyStoreContract {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T12:00:00Z"));
    private final Reply.Unary reply = new Reply.Unary(200, Buffer.buffer("{}"), Usage.NONE);

    @Override
    protected IdempotencyStore newStore() {
        return new MemoryIdempotencyStore(clock);
    }

    @Test
    void aFinishedEntryIsForgottenWhenItsTtlHasPassed() {
        store.claim("k", "body-1");
        store.complete("k", reply, Duration.ofHours(1));
        clock.advance(Duration.ofMinutes(59));
        assertThat(store.claim("k", "body-1").result()).isInstanceOf(Claim.Done.class);
        clock.advance(Duration.ofMinutes(1));
        assertThat(store.claim("k", "body-1").result()).isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void eachEntryExpiresAtItsOwnTtl() {
        store.claim("short", "body-1");
        store.complete("short", reply, Duration.ofMinutes(5));
        store.claim("long", "body-1");
        store.complete("long", reply, Duration.ofHours(2));

        clock.advance(Duration.ofMinutes(5));
        assertThat(store.claim("short", "body-1").result()).isInstanceOf(Claim.Claimed.class);
        assertThat(store.claim("long", "body-1").result()).isInstanceOf(Claim.Done.class);
        clock.advance(Duration.ofMinutes(115));
        assertThat(store.claim("long", "body-1").result()).isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void aRunningClaimDoesNotExpire() {
        store.claim("k", "body-1");
        clock.advance(Duration.ofDays(30));
        assertThat(store.claim("k", "body-1").result()).isInstanceOf(Claim.InFlight.class);
    }

    @Test
    void staysWithinItsMaximumNumberOfKeys() {
        IdempotencyStore bounded = new MemoryIdempotencyStore(clock, 100);
        for (int i = 0; i < 1_000; i++) {
            bounded.claim("k" + i, "body");
            bounded.complete("k" + i, reply, Duration.ofHours(1));
        }

        // Done entries only leave (claims below add running ones), so every key still answered
        // from the store was kept at once: at most the bound.
        long kept = 0;
        for (int i = 0; i < 1_000; i++) {
            if (bounded.claim("k" + i, "body").result() instanceof Claim.Done) {
                kept++;
            }
        }
        assertThat(kept).isPositive().isLessThanOrEqualTo(100);
    }

    @Test
    void aRunningClaimPushedOutByTheBoundTellsItsWaitersToClaimAgain() {
        IdempotencyStore bounded = new MemoryIdempotencyStore(clock, 10);
        bounded.claim("first", "body");
        Claim.InFlight waiting = (Claim.InFlight) bounded.claim("first", "body").result();
        for (int i = 0; i < 1_000 && !waiting.outcome().isComplete(); i++) {
            bounded.claim("other" + i, "body");
        }

        assertThat(waiting.outcome().isComplete())
                .as("evicted, so the waiter is not left hanging")
                .isTrue();
        assertThat(waiting.outcome().result()).isNull();
    }

    @Test
    void aWaiterResumesOnTheEventLoopItClaimedOnNotWhereTheClaimEnded() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            store.claim("k", "body-1");
            CompletableFuture<Thread> claimedOn = new CompletableFuture<>();
            CompletableFuture<Thread> resumedOn = new CompletableFuture<>();
            vertx.getOrCreateContext().runOnContext(v -> {
                ((Claim.InFlight) store.claim("k", "body-1").result())
                        .outcome()
                        .onComplete(done -> resumedOn.complete(Thread.currentThread()));
                claimedOn.complete(Thread.currentThread());
            });
            claimedOn.get(5, TimeUnit.SECONDS);

            store.complete("k", reply, Duration.ofHours(1));

            assertThat(resumedOn.get(5, TimeUnit.SECONDS))
                    .isSameAs(claimedOn.get())
                    .isNotSameAs(Thread.currentThread());
        } finally {
            vertx.close();
        }
    }
}
