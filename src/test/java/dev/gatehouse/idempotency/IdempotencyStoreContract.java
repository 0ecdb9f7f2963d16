package dev.gatehouse.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.pipeline.Reply;
import dev.gatehouse.usage.Usage;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link IdempotencyStore} promises; each implementation's test supplies a fresh one. */
public abstract class IdempotencyStoreContract {

    protected IdempotencyStore store;
    private final Reply.Unary reply = new Reply.Unary(200, Buffer.buffer("{\"ok\":true}"), Usage.NONE);

    protected abstract IdempotencyStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theFirstClaimRunsADuplicateWaitsAndARepeatGetsTheReply() throws Exception {
        assertThat(await(store.claim("k", "body-1"))).isInstanceOf(Claim.Claimed.class);
        Claim waiting = await(store.claim("k", "body-1"));
        assertThat(waiting).isInstanceOf(Claim.InFlight.class);

        await(store.complete("k", reply, Duration.ofHours(1)));
        Reply.Unary waited = await(((Claim.InFlight) waiting).outcome());
        assertThat(waited.status()).isEqualTo(200);
        assertThat(waited.body().toString()).isEqualTo("{\"ok\":true}");
        Claim repeat = await(store.claim("k", "body-1"));
        assertThat(repeat).isInstanceOf(Claim.Done.class);
        assertThat(((Claim.Done) repeat).reply().body().toString()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void theReplyKeepsItsStatusBodyAndUsageSoARepeatShowsWhatTheFirstAnswerShowed() throws Exception {
        Usage usage = new Usage(2098, 1800, 248, 503, true);
        await(store.claim("k", "body-1"));
        Claim.InFlight waiting = (Claim.InFlight) await(store.claim("k", "body-1"));
        await(store.complete("k", new Reply.Unary(201, Buffer.buffer("[{\"n\":1}]"), usage), Duration.ofHours(1)));

        assertThat(await(waiting.outcome()).usage()).isEqualTo(usage);
        Reply.Unary repeat = ((Claim.Done) await(store.claim("k", "body-1"))).reply();
        assertThat(repeat.status()).isEqualTo(201);
        assertThat(repeat.body().toString()).isEqualTo("[{\"n\":1}]");
        assertThat(repeat.usage()).isEqualTo(usage);
        assertThat(repeat.passthrough()).isNull();
    }

    @Test
    void theReplyKeepsTheProvidersRelayedAnswerSoARepeatGetsItUnchanged() throws Exception {
        Buffer relayed =
                Buffer.buffer("{\"type\":\"message\",\"content\":[{\"type\":\"thinking\",\"signature\":\"Eq==\"}]}");
        await(store.claim("k", "body-1"));
        Claim.InFlight waiting = (Claim.InFlight) await(store.claim("k", "body-1"));
        await(store.complete(
                "k", new Reply.Unary(200, Buffer.buffer("{\"ok\":true}"), Usage.NONE, relayed), Duration.ofHours(1)));

        assertThat(await(waiting.outcome()).passthrough()).isEqualTo(relayed);
        assertThat(((Claim.Done) await(store.claim("k", "body-1"))).reply().passthrough())
                .isEqualTo(relayed);
    }

    @Test
    void theSameKeyWithAnotherBodyIsAConflictWhileRunningAndAfter() throws Exception {
        await(store.claim("k", "body-1"));
        assertThat(await(store.claim("k", "body-2"))).isInstanceOf(Claim.Conflict.class);
        await(store.complete("k", reply, Duration.ofHours(1)));
        assertThat(await(store.claim("k", "body-2"))).isInstanceOf(Claim.Conflict.class);
    }

    @Test
    void anAbandonedClaimLetsTheNextRequestRunAndTellsWaitersToClaimAgain() throws Exception {
        await(store.claim("k", "body-1"));
        Claim.InFlight waiting = (Claim.InFlight) await(store.claim("k", "body-1"));
        await(store.abandon("k"));
        assertThat(await(waiting.outcome())).isNull();
        assertThat(await(store.claim("k", "body-1"))).isInstanceOf(Claim.Claimed.class);
    }

    @Test
    void keysAreIndependent() throws Exception {
        await(store.claim("a", "body-1"));
        assertThat(await(store.claim("b", "body-1"))).isInstanceOf(Claim.Claimed.class);
    }
}
