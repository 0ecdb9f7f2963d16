package dev.gatehouse.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MemoryIdempotencyStoreTest extends IdempotencyStoreContract {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T12:00:00Z"));

    @Override
    protected IdempotencyStore newStore() {
        return new MemoryIdempotencyStore(clock);
    }

    @Test
    void aFinishedEntryIsForgottenWhenItsTtlHasPassed() {
        store.claim("k", "body-1");
        store.complete("k", new Reply.Unary(200, Buffer.buffer("{}"), Usage.NONE), Duration.ofHours(1));
        clock.advance(Duration.ofMinutes(59));
        assertThat(store.claim("k", "body-1").result()).isInstanceOf(Claim.Done.class);
        clock.advance(Duration.ofMinutes(1));
        assertThat(store.claim("k", "body-1").result()).isInstanceOf(Claim.Claimed.class);
    }
}
