package dev.gatehouse.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.testing.FakeUpstream;
import dev.gatehouse.testing.ManualClock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One event loop's own keep-alive connections: reuse, keep_alive, Connection: close and the cap. */
class LoopConnectionsTest {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(3);

    private final ManualClock clock = new ManualClock();
    private Vertx vertx;
    private Context loop;
    private HttpClientAgent http;
    private FakeUpstream upstream;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        loop = vertx.getOrCreateContext();
        http = vertx.createHttpClient();
        upstream = new FakeUpstream();
        upstream.always(FakeUpstream.json(200, "{}"));
    }

    @AfterEach
    void stop() throws Exception {
        upstream.close();
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void reusesTheConnectionAnAnswerWasReadOn() throws Exception {
        LoopConnections connections = new LoopConnections(http, clock, 8);

        PooledConnections.Opened first = onLoop(() -> connections.open(chat(), KEEP_ALIVE));
        answer(first);
        PooledConnections.Opened second = onLoop(() -> connections.open(chat(), KEEP_ALIVE));
        answer(second);

        assertThat(first.reused()).isFalse();
        assertThat(second.reused()).isTrue();
        assertThat(upstream.received().get(1).connection())
                .isEqualTo(upstream.received().get(0).connection());
        assertThat(onLoop(() -> Future.succeededFuture(open(connections)))).isEqualTo(1);
    }

    @Test
    void closesAConnectionIdleForKeepAliveInsteadOfReusingIt() throws Exception {
        LoopConnections connections = new LoopConnections(http, clock, 8);

        answer(onLoop(() -> connections.open(chat(), KEEP_ALIVE)));
        clock.advance(KEEP_ALIVE);
        PooledConnections.Opened later = onLoop(() -> connections.open(chat(), KEEP_ALIVE));
        answer(later);

        assertThat(later.reused()).isFalse();
        assertThat(upstream.received().get(1).connection())
                .isNotEqualTo(upstream.received().get(0).connection());
    }

    @Test
    void doesNotReuseAConnectionTheServerSaidItWouldClose() throws Exception {
        upstream.then(FakeUpstream.json(200, "{}", Map.of("connection", "close")));
        LoopConnections connections = new LoopConnections(http, clock, 8);

        answer(onLoop(() -> connections.open(chat(), KEEP_ALIVE)));
        PooledConnections.Opened next = onLoop(() -> connections.open(chat(), KEEP_ALIVE));
        answer(next);

        assertThat(next.reused()).isFalse();
        assertThat(upstream.received().get(1).connection())
                .isNotEqualTo(upstream.received().get(0).connection());
    }

    @Test
    void aRequestBeyondTheCapWaitsForAConnectionToComeFree() throws Exception {
        LoopConnections connections = new LoopConnections(http, clock, 1);

        PooledConnections.Opened first = onLoop(() -> connections.open(chat(), KEEP_ALIVE));
        HttpClientResponse firstResponse = sent(first);
        CompletableFuture<PooledConnections.Opened> waiting = new CompletableFuture<>();
        loop.runOnContext(v -> connections.open(chat(), KEEP_ALIVE).onComplete(r -> {
            if (r.succeeded()) {
                waiting.complete(r.result());
            } else {
                waiting.completeExceptionally(r.cause());
            }
        }));
        await().until(() -> clock.pendingDelays().size() == 1);
        assertThat(waiting).as("waits while the only connection is busy").isNotDone();

        onLoop(() -> {
            first.whenRead().accept(firstResponse);
            return firstResponse.body();
        });
        PooledConnections.Opened second = waiting.get(10, TimeUnit.SECONDS);
        answer(second);

        assertThat(second.reused()).isTrue();
        assertThat(upstream.received()).hasSize(2);
        assertThat(upstream.received().get(1).connection())
                .isEqualTo(upstream.received().get(0).connection());
        assertThat(clock.pendingDelays())
                .as("the timeout was cancelled; what is left is the idle connection's sweep")
                .containsExactly(KEEP_ALIVE);
    }

    @Test
    void closesConnectionsLeftIdleForKeepAliveWithoutWaitingForTraffic() throws Exception {
        LoopConnections connections = new LoopConnections(http, clock, 8);
        answer(onLoop(() -> connections.open(chat(), KEEP_ALIVE)));
        assertThat(onLoop(() -> Future.succeededFuture(open(connections)))).isEqualTo(1);

        clock.advance(KEEP_ALIVE.minusMillis(1));
        assertThat(onLoop(() -> Future.succeededFuture(open(connections))))
                .as("not yet")
                .isEqualTo(1);

        clock.advance(Duration.ofMillis(1));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> onLoop(() -> Future.succeededFuture(open(connections))) == 0);
        assertThat(clock.pendingDelays()).as("nothing idle, no sweep").isEmpty();
    }

    @Test
    void aWaiterGivesUpAfterTheConnectTimeout() throws Exception {
        LoopConnections connections = new LoopConnections(http, clock, 1);
        sent(onLoop(() -> connections.open(chat(), KEEP_ALIVE)));
        CompletableFuture<Throwable> failed = new CompletableFuture<>();
        loop.runOnContext(v -> connections.open(chat(), KEEP_ALIVE).onFailure(failed::complete));
        await().until(() -> !clock.pendingDelays().isEmpty());

        clock.advance(Duration.ofSeconds(2));

        assertThat(failed.get(10, TimeUnit.SECONDS)).hasMessageContaining("came free within");
    }

    private RequestOptions chat() {
        return new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(upstream.baseUrl() + "/chat/completions")
                .setConnectTimeout(2000);
    }

    private int open(LoopConnections connections) {
        return connections.openTo("127.0.0.1", URI.create(upstream.baseUrl()).getPort(), false);
    }

    /** Sends the opened request and returns its response head. */
    private HttpClientResponse sent(PooledConnections.Opened opened) throws Exception {
        return onLoop(() -> opened.request().send("{}"));
    }

    /** Sends the opened request, reads its answer to the end and hands the connection back. */
    private void answer(PooledConnections.Opened opened) throws Exception {
        onLoop(() -> opened.request().send("{}").compose(response -> {
            opened.whenRead().accept(response);
            return response.body();
        }));
    }

    private <T> T onLoop(Supplier<Future<T>> work) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        loop.runOnContext(v -> work.get().onComplete(r -> {
            if (r.succeeded()) {
                done.complete(r.result());
            } else {
                done.completeExceptionally(r.cause());
            }
        }));
        return done.get(10, TimeUnit.SECONDS);
    }
}
