package dev.gatehouse.alerts;

import dev.gatehouse.budget.BudgetWatch;
import dev.gatehouse.config.AlertRule;
import dev.gatehouse.config.AlertWebhook;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.hashing.KeyHashing;
import dev.gatehouse.metering.RequestListener;
import dev.gatehouse.routing.DeploymentRegistry;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert engine: every {@code alerts.evaluate_every} on the gateway's clock it evaluates each
 * rule over the signals, fires an alert for each condition newly found (once per condition: the
 * claim makes it once across instances) and resolves each firing alert whose condition is gone, and
 * hands each transition to the webhooks that want its event. Requests only feed O(1) counters
 * ({@link #requestListener()}, {@link #budgetWatch()}); evaluation and delivery run on the engine's
 * own event loop.
 *
 * <p>Rules come from the config, unless replaced through the admin API ({@link #replaceRules}):
 * the replacement is kept in memory, on this instance, until the next config reload or restart.
 */
public final class AlertEngine extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger("dev.gatehouse.alerts");
    private static final Duration OPEN_CLAIM_TTL = Duration.ofDays(7);
    private static final Duration BUDGET_OPEN_CLAIM_TTL = Duration.ofDays(40);
    private static final Duration RESOLVED_CLAIM_TTL = Duration.ofDays(7);

    private final Supplier<GatewayConfig> config;
    private final GatewayClock clock;
    private final Supplier<@Nullable Redis> redis;
    private final String namespace;
    private final BudgetSignals budgets = new BudgetSignals();
    private final RequestSignals requests = new RequestSignals();
    private final DeploymentSignals deployments;
    private final RuleChecks checks;
    private final AlertBook book;
    private final AtomicReference<@Nullable List<AlertRule>> replaced = new AtomicReference<>();
    private final Set<String> pending = new HashSet<>();
    private final List<WebhookSender> senders = new ArrayList<>();
    private List<AlertWebhook> sendingTo = List.of();
    private GatewayClock.Timer timer = GatewayClock.Timer.NONE;
    private long delivered;
    private long failed;
    private long dropped;
    private long retried;

    @SuppressWarnings("NullAway.Init") // set by start(), before any evaluation
    private HttpClient http;

    @SuppressWarnings("NullAway.Init") // set by start(), before any evaluation
    private Context context;

    @SuppressWarnings("NullAway.Init") // set by start(), before any evaluation
    private AlertClaims claims;

    /**
     * @param keepResolved how many resolved alerts to keep for the admin API
     * @param redis read at start: the shared Redis with {@code state: redis} (claims there make each
     *     transition notify once across instances), or null for one instance
     * @param namespace the state namespace in front of Redis keys
     * @param backlog usage records waiting to reach the store
     */
    public AlertEngine(
            Supplier<GatewayConfig> config,
            DeploymentRegistry registry,
            GatewayClock clock,
            int keepResolved,
            Supplier<@Nullable Redis> redis,
            String namespace,
            LongSupplier backlog) {
        this.config = config;
        this.clock = clock;
        this.redis = redis;
        this.namespace = namespace;
        this.deployments = new DeploymentSignals(registry);
        this.checks = new RuleChecks(budgets, requests, deployments, registry, backlog);
        this.book = new AlertBook(keepResolved);
    }

    /** Per finished request: latencies and spend. */
    public RequestListener requestListener() {
        return requests;
    }

    /** Per budget decision: spend against limits. */
    public BudgetWatch budgetWatch() {
        return budgets;
    }

    @Override
    public Future<?> start() {
        context = vertx.getOrCreateContext();
        Redis shared = redis.get();
        claims = shared == null ? new MemoryAlertClaims(clock) : new RedisAlertClaims(shared, namespace);
        http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(10_000));
        schedule();
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        timer.cancel();
        senders.forEach(WebhookSender::stop);
        return http.close();
    }

    private void schedule() {
        timer = clock.schedule(config.get().alerts().evaluateEvery(), () -> {
            try {
                evaluate();
            } catch (RuntimeException e) {
                LOG.error("alert evaluation failed", e);
            }
            schedule();
        });
    }

    /** The rules in force: the admin API's replacement, else the config's. */
    public List<AlertRule> rules() {
        List<AlertRule> r = replaced.get();
        return r != null ? r : config.get().alerts().rules();
    }

    /** Whether the rules in force came through the admin API rather than the config. */
    public boolean rulesReplaced() {
        return replaced.get() != null;
    }

    /** Replaces the rules until the next config reload; {@link #configReloaded} drops the replacement. */
    public void replaceRules(List<AlertRule> rules) {
        replaced.set(List.copyOf(rules));
    }

    /** The config file was read again: its rules are in force again. */
    public void configReloaded() {
        replaced.set(null);
    }

    /** Alerts for {@code GET /admin/v1/alerts}; see {@link AlertBook#list}. */
    public List<Alert> list(String state, int limit) {
        return book.list(state, limit);
    }

    public int activeCount() {
        return book.activeCount();
    }

    /**
     * Since start: notifications webhooks accepted, gave up on, dropped from a full queue, and
     * retries scheduled.
     */
    public synchronized long[] deliveryCounts() {
        long d = delivered;
        long f = failed;
        long x = dropped;
        long r = retried;
        for (WebhookSender s : senders) {
            d += s.delivered();
            f += s.failed();
            x += s.dropped();
            r += s.retries();
        }
        return new long[] {d, f, x, r};
    }

    void evaluate() {
        GatewayConfig cfg = config.get();
        Instant now = clock.instant();
        List<AlertRule> rules = rules();
        syncSenders(cfg);
        long keep = cfg.alerts().evaluateEvery().toMillis();
        for (AlertRule r : rules) {
            keep = Math.max(
                    keep, r.window().toMillis() + cfg.alerts().evaluateEvery().toMillis());
        }
        deployments.sample(now, keep);
        Map<String, Finding> found = new LinkedHashMap<>();
        for (AlertRule rule : rules) {
            try {
                checks.check(rule, cfg, now).forEach(f -> found.put(f.conditionKey(), f));
            } catch (RuntimeException e) {
                LOG.error("alert rule {} failed to evaluate", rule.name(), e);
            }
        }
        for (Finding f : found.values()) {
            fire(f, now);
        }
        for (Alert a : book.firing()) {
            if (!found.containsKey(a.conditionKey()) && !pending.contains(a.conditionKey())) {
                resolve(a, now);
            }
        }
    }

    private void fire(Finding f, Instant now) {
        String key = f.conditionKey();
        Alert known = book.active(key);
        if (known != null) {
            book.put(known.updated(f));
            return;
        }
        if (pending.contains(key)) {
            return;
        }
        String candidate =
                "alt_" + KeyHashing.sha256Hex(key + "|" + now.toEpochMilli()).substring(0, 24);
        Alert fresh = Alert.firing(candidate, f, now);
        book.put(fresh);
        pending.add(key);
        Duration ttl = f.period().isEmpty() ? OPEN_CLAIM_TTL : BUDGET_OPEN_CLAIM_TTL;
        claims.fire(key, candidate, ttl)
                .onComplete(claim -> context.runOnContext(v -> {
                    pending.remove(key);
                    if (claim.succeeded() && !claim.result().won()) {
                        book.adoptId(key, claim.result().id());
                        return;
                    }
                    if (claim.failed()) {
                        LOG.warn("alert claim failed, notifying without it: {}", String.valueOf(claim.cause()));
                    }
                    LOG.warn(
                            "{\"event\":\"alert_firing\",\"alert\":\"{}\",\"rule\":\"{}\",\"subject\":\"{}\",\"summary\":\"{}\"}",
                            fresh.id(),
                            fresh.rule(),
                            fresh.subject(),
                            fresh.summary().replace("\"", "'"));
                    Alert current = book.active(key);
                    notifyWebhooks(current != null ? current : fresh, now);
                }));
    }

    private void resolve(Alert firing, Instant now) {
        String key = firing.conditionKey();
        Alert done = book.resolve(key, now);
        if (done == null) {
            return;
        }
        pending.add(key);
        claims.resolve(key, done.id(), RESOLVED_CLAIM_TTL)
                .onComplete(claim -> context.runOnContext(v -> {
                    pending.remove(key);
                    if (claim.succeeded() && !claim.result()) {
                        return;
                    }
                    LOG.info(
                            "{\"event\":\"alert_resolved\",\"alert\":\"{}\",\"rule\":\"{}\",\"subject\":\"{}\"}",
                            done.id(),
                            done.rule(),
                            done.subject());
                    notifyWebhooks(done, now);
                }));
    }

    private void notifyWebhooks(Alert alert, Instant now) {
        boolean any = false;
        for (WebhookSender s : senders) {
            if (s.hook().wants(alert.event())) {
                s.send(new WebhookSender.Notification(alert, now));
                any = true;
            }
        }
        if (any) {
            book.notified(alert.id(), now);
        }
    }

    /** Starts senders for the config's webhooks when they changed; queued notifications of removed ones go. */
    private synchronized void syncSenders(GatewayConfig cfg) {
        List<AlertWebhook> wanted = cfg.alerts().webhooks();
        if (wanted.equals(sendingTo)) {
            return;
        }
        for (WebhookSender s : senders) {
            delivered += s.delivered();
            failed += s.failed();
            dropped += s.dropped();
            retried += s.retries();
            s.stop();
        }
        senders.clear();
        for (AlertWebhook hook : wanted) {
            senders.add(new WebhookSender(
                    hook,
                    http,
                    clock,
                    () -> ThreadLocalRandom.current().nextDouble(),
                    cfg.alerts().queueSize()));
        }
        sendingTo = wanted;
    }
}
