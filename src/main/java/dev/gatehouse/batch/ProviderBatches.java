package dev.gatehouse.batch;

import dev.gatehouse.config.ProviderType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the batch lines routed to a deployment with a provider batch API into provider batches:
 * the lines of one gateway batch and deployment that arrive within {@link #GATHER} of each other go
 * up as one provider batch, which is recorded in the store before anything waits on it and polled
 * every {@code batch_poll_interval} until it ends; each line's future then completes with its own
 * outcome. A line whose custom id a recorded provider batch already holds (the gateway restarted
 * while it ran) waits on that batch instead of being sent again. Thread-safe; never blocks (store
 * work on workers).
 */
public final class ProviderBatches {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderBatches.class);

    /** Quiet time after the last line arrived before the gathered lines are submitted. */
    static final Duration GATHER = Duration.ofMillis(250);
    /** Most requests in one provider batch (OpenAI takes 50,000, Anthropic 100,000: well under both). */
    static final int MOST = 10_000;

    /**
     * One batch line bound for a provider batch API.
     *
     * @param body the single call's request body, as the deployment's adapter built it
     */
    record Line(
            String batchId,
            String customId,
            String deployment,
            ProviderType type,
            ProviderCall to,
            Buffer body,
            Duration pollInterval) {}

    /** The lines of one gateway batch and deployment waiting to be submitted together. */
    private static final class Gather {
        final List<Line> lines = new ArrayList<>();
        long timer = -1;
    }

    private final Vertx vertx;
    private final BatchService service;
    private final ProviderBatchStore store;
    private final Map<ProviderType, ProviderBatchApi> apis;
    private final Map<String, Future<List<ProviderBatchStore.Submitted>>> known = new HashMap<>();
    private final Map<String, Promise<ProviderBatchApi.Outcome>> waiting = new HashMap<>();
    private final Map<String, Gather> gathering = new HashMap<>();
    /** How to reach each provider batch this instance submitted or polls (the headers are not stored). */
    private final Map<String, Line> reach = new HashMap<>();

    private final Set<String> watched = new HashSet<>();
    private final Set<String> cancelled = new HashSet<>();

    ProviderBatches(Vertx vertx, BatchService service, Map<ProviderType, ProviderBatchApi> apis) {
        this.vertx = vertx;
        this.service = service;
        this.store = new ProviderBatchStore(service.store().dataSource());
        this.apis = Map.copyOf(apis);
    }

    /** The OpenAI and Anthropic batch APIs over Vert.x's HTTP client. */
    public static ProviderBatches create(Vertx vertx, BatchService service) {
        ProviderHttp http = new ProviderHttp(vertx);
        return new ProviderBatches(
                vertx,
                service,
                Map.of(
                        ProviderType.OPENAI,
                        new OpenAiBatchApi(http),
                        ProviderType.ANTHROPIC,
                        new AnthropicBatchApi(http)));
    }

    /** Completes with the line's outcome once its provider batch has ended. */
    Future<ProviderBatchApi.Outcome> run(Line line) {
        Promise<ProviderBatchApi.Outcome> answer = Promise.promise();
        knownOf(line.batchId()).onComplete(read -> {
            if (read.failed()) {
                answer.fail(read.cause());
                return;
            }
            synchronized (this) {
                waiting.put(key(line.batchId(), line.customId()), answer);
                for (ProviderBatchStore.Submitted s : read.result()) {
                    if (s.customIds().contains(line.customId())) {
                        reach.putIfAbsent(s.providerBatchId(), line);
                        watch(s);
                        return;
                    }
                }
                if (cancelled.contains(line.batchId())) {
                    waiting.remove(key(line.batchId(), line.customId()));
                    answer.complete(new ProviderBatchApi.Unrun("batch_cancelled"));
                    return;
                }
                Gather g = gathering.computeIfAbsent(key(line.batchId(), line.deployment()), k -> new Gather());
                g.lines.add(line);
                vertx.cancelTimer(g.timer);
                if (g.lines.size() >= MOST) {
                    submit(g);
                } else {
                    g.timer = vertx.setTimer(GATHER.toMillis(), t -> submit(g));
                }
            }
        });
        return answer.future();
    }

    /**
     * The gateway batch was cancelled: lines not yet submitted end as cancelled, and each provider
     * batch this instance can reach is asked to cancel; its lines end when the provider says.
     */
    public void cancel(String batchId) {
        knownOf(batchId).onSuccess(list -> {
            List<Gather> unsent = new ArrayList<>();
            List<ProviderBatchStore.Submitted> sent = new ArrayList<>();
            synchronized (this) {
                if (!cancelled.add(batchId)) {
                    return;
                }
                gathering.entrySet().removeIf(e -> {
                    if (e.getKey().startsWith(batchId + "\n")) {
                        unsent.add(e.getValue());
                        return true;
                    }
                    return false;
                });
                sent.addAll(list);
            }
            for (Gather g : unsent) {
                vertx.cancelTimer(g.timer);
                for (Line l : g.lines) {
                    settle(l.batchId(), l.customId(), new ProviderBatchApi.Unrun("batch_cancelled"));
                }
            }
            for (ProviderBatchStore.Submitted s : sent) {
                Line via;
                synchronized (this) {
                    via = reach.get(s.providerBatchId());
                }
                if (via != null) {
                    api(via.type())
                            .cancel(via.to(), s.providerBatchId())
                            .onFailure(e -> LOG.warn(
                                    "batch {}: could not cancel provider batch {}: {}",
                                    batchId,
                                    s.providerBatchId(),
                                    e.getMessage()));
                }
            }
        });
    }

    private synchronized Future<List<ProviderBatchStore.Submitted>> knownOf(String batchId) {
        return known.computeIfAbsent(batchId, id -> service.blocking(() -> new CopyOnWriteArrayList<>(store.of(id))));
    }

    private void submit(Gather g) {
        List<Line> lines;
        synchronized (this) {
            if (g.lines.isEmpty()) {
                return;
            }
            Line first = g.lines.get(0);
            if (gathering.get(key(first.batchId(), first.deployment())) == g) {
                gathering.remove(key(first.batchId(), first.deployment()));
            }
            lines = List.copyOf(g.lines);
            g.lines.clear();
        }
        Line first = lines.get(0);
        List<ProviderBatchApi.Request> requests = new ArrayList<>();
        List<String> customIds = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            requests.add(
                    new ProviderBatchApi.Request(providerId(i), lines.get(i).body()));
            customIds.add(lines.get(i).customId());
        }
        api(first.type())
                .submit(first.to(), requests)
                .compose(id -> {
                    ProviderBatchStore.Submitted s =
                            new ProviderBatchStore.Submitted(id, first.batchId(), first.deployment(), customIds);
                    return service.blocking(() -> {
                        store.insert(s, service.nowMs());
                        return s;
                    });
                })
                .onComplete(done -> {
                    if (done.failed()) {
                        LOG.warn(
                                "batch {}: could not submit {} lines to provider '{}': {}",
                                first.batchId(),
                                lines.size(),
                                first.to().provider(),
                                done.cause().getMessage());
                        lines.forEach(l -> fail(l, done.cause()));
                        return;
                    }
                    ProviderBatchStore.Submitted s = done.result();
                    LOG.info(
                            "batch {}: {} lines submitted to provider '{}' as batch {}",
                            first.batchId(),
                            lines.size(),
                            first.to().provider(),
                            s.providerBatchId());
                    knownOf(first.batchId()).onSuccess(list -> list.add(s));
                    synchronized (this) {
                        reach.put(s.providerBatchId(), first);
                        watch(s);
                    }
                    if (isCancelled(first.batchId())) {
                        api(first.type()).cancel(first.to(), s.providerBatchId());
                    }
                });
    }

    /** The batch API of a provider type; {@code batch_api} is refused at config load on any other. */
    private ProviderBatchApi api(ProviderType type) {
        return Objects.requireNonNull(apis.get(type), "batch_api is validated to openai and anthropic providers");
    }

    private synchronized boolean isCancelled(String batchId) {
        return cancelled.contains(batchId);
    }

    /** Polls the provider batch unless this instance already does; call holding the lock. */
    private void watch(ProviderBatchStore.Submitted s) {
        if (watched.add(s.providerBatchId())) {
            Line via = Objects.requireNonNull(reach.get(s.providerBatchId()), "reach is set before a watch");
            vertx.setTimer(via.pollInterval().toMillis(), t -> poll(s, via));
        }
    }

    private void poll(ProviderBatchStore.Submitted s, Line via) {
        api(via.type()).poll(via.to(), s.providerBatchId()).onComplete(looked -> {
            if (looked.failed() && looked.cause() instanceof ProviderHttp.Closed) {
                return; // the gateway stops; the next one polls again from the store
            }
            if (looked.failed() || looked.result() == null) {
                if (looked.failed()) {
                    LOG.warn(
                            "batch {}: could not look at provider batch {}: {}",
                            s.batchId(),
                            s.providerBatchId(),
                            looked.cause().getMessage());
                }
                vertx.setTimer(via.pollInterval().toMillis(), t -> poll(s, via));
                return;
            }
            Map<String, ProviderBatchApi.Outcome> outcomes = looked.result();
            synchronized (this) {
                watched.remove(s.providerBatchId());
            }
            for (int i = 0; i < s.customIds().size(); i++) {
                ProviderBatchApi.Outcome o = outcomes.getOrDefault(providerId(i), outcomes.get("*"));
                settle(s.batchId(), s.customIds().get(i), o != null ? o : NO_RESULT);
            }
        });
    }

    private static final ProviderBatchApi.Outcome NO_RESULT = new ProviderBatchApi.Answered(
            502,
            Buffer.buffer("{\"error\":{\"message\":\"The provider's batch ended without a result for this request.\","
                    + "\"type\":\"server_error\"}}"));

    private void settle(String batchId, String customId, ProviderBatchApi.Outcome outcome) {
        Promise<ProviderBatchApi.Outcome> p;
        synchronized (this) {
            p = waiting.remove(key(batchId, customId));
        }
        if (p != null) {
            p.tryComplete(outcome);
        }
    }

    private void fail(Line l, Throwable cause) {
        Promise<ProviderBatchApi.Outcome> p;
        synchronized (this) {
            p = waiting.remove(key(l.batchId(), l.customId()));
        }
        if (p != null) {
            p.tryFail(cause);
        }
    }

    /** The custom id the n-th request of a provider batch has there: both providers accept it. */
    static String providerId(int n) {
        return "line-" + n;
    }

    private static String key(String a, String b) {
        return a + "\n" + b;
    }
}
