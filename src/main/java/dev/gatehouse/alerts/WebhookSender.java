package dev.gatehouse.alerts;

import dev.gatehouse.config.AlertWebhook;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one webhook's notifications, one at a time and in order, from a bounded queue (full: the
 * oldest is dropped and counted). A failed attempt (no connection, a timeout, 408, 429 or a 5xx) is
 * retried after a backoff that doubles up to the webhook's maximum, with jitter, on the gateway's
 * clock; another 4xx is not retried, since the same body would be refused again. Runs on the
 * engine's event loop: never on a request's, and never blocks. Logs name the webhook, never its URL
 * or secret.
 */
final class WebhookSender {

    private static final Logger LOG = LoggerFactory.getLogger("dev.gatehouse.alerts.webhooks");

    /** One transition of one alert, to deliver. */
    record Notification(Alert alert, Instant at) {}

    private final AlertWebhook hook;
    private final HttpClient http;
    private final GatewayClock clock;
    private final DoubleSupplier random;
    private final int capacity;
    private final Deque<Notification> queue = new ArrayDeque<>();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private boolean busy;
    private boolean stopped;
    private GatewayClock.Timer waiting = GatewayClock.Timer.NONE;

    WebhookSender(AlertWebhook hook, HttpClient http, GatewayClock clock, DoubleSupplier random, int capacity) {
        this.hook = hook;
        this.http = http;
        this.clock = clock;
        this.random = random;
        this.capacity = capacity;
    }

    AlertWebhook hook() {
        return hook;
    }

    /** Queues a notification; call on the engine's event loop. */
    void send(Notification n) {
        if (stopped) {
            return;
        }
        if (queue.size() >= capacity) {
            queue.removeFirst();
            if (dropped.incrementAndGet() % 100 == 1) {
                LOG.warn(
                        "webhook {}: queue full ({}), oldest notifications dropped: {} so far",
                        hook.name(),
                        capacity,
                        dropped.get());
            }
        }
        queue.addLast(n);
        next();
    }

    private void next() {
        if (busy || stopped || queue.isEmpty()) {
            return;
        }
        busy = true;
        attempt(queue.removeFirst(), 1);
    }

    private void attempt(Notification n, int attempt) {
        String body = WebhookBodies.body(hook, n.alert(), clock.instant());
        post(body).onComplete(done -> {
            Integer status = done.succeeded() ? done.result() : null;
            if (status != null && status / 100 == 2) {
                delivered.incrementAndGet();
                finish();
                return;
            }
            String what = status == null ? String.valueOf(done.cause().getMessage()) : "HTTP " + status;
            boolean retryable = status == null || status == 408 || status == 429 || status >= 500;
            if (!retryable || attempt >= hook.maxAttempts() || stopped) {
                failed.incrementAndGet();
                LOG.warn(
                        "webhook {}: gave up on {} {} of alert {} after {} attempts: {}",
                        hook.name(),
                        n.alert().event().wire(),
                        n.alert().state(),
                        n.alert().id(),
                        attempt,
                        what);
                finish();
                return;
            }
            Duration wait = backoff(attempt);
            LOG.info(
                    "webhook {}: attempt {} failed ({}), retrying in {} ms",
                    hook.name(),
                    attempt,
                    what,
                    wait.toMillis());
            waiting = clock.schedule(wait, () -> attempt(n, attempt + 1));
            retries.incrementAndGet(); // after scheduling: whoever sees the count finds the timer set
        });
    }

    /** The wait after attempt {@code n}: {@code backoff × 2^(n-1)}, at most the maximum, less up to half at random. */
    Duration backoff(int n) {
        long base = hook.backoff().toMillis() << Math.min(20, n - 1);
        long capped = Math.min(base, hook.maxBackoff().toMillis());
        return Duration.ofMillis(Math.max(1, (long) (capped * (1 - 0.5 * random.getAsDouble()))));
    }

    private void finish() {
        busy = false;
        next();
    }

    private Future<Integer> post(String body) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(hook.url())
                .putHeader("content-type", "application/json")
                .putHeader("user-agent", "gatehouse-alerts");
        hook.headers().forEach(options::putHeader);
        if (hook.secret() != null) {
            options.putHeader(
                    "x-gatehouse-timestamp", Long.toString(clock.instant().getEpochSecond()));
            options.putHeader("x-gatehouse-signature", WebhookBodies.signature(hook.secret(), body));
        }
        return http.request(options).compose(request -> {
            GatewayClock.Timer timeout = clock.schedule(
                    hook.timeout(),
                    () -> request.reset(
                            0,
                            new java.util.concurrent.TimeoutException(
                                    "no answer within " + hook.timeout().toMillis() + " ms")));
            return request.send(body)
                    .compose((HttpClientResponse response) -> response.body().map(b -> response.statusCode()))
                    .andThen(x -> timeout.cancel());
        });
    }

    void stop() {
        stopped = true;
        waiting.cancel();
        queue.clear();
    }

    long delivered() {
        return delivered.get();
    }

    long failed() {
        return failed.get();
    }

    long dropped() {
        return dropped.get();
    }

    long retries() {
        return retries.get();
    }
}
