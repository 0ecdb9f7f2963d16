package dev.gatehouse.ratelimit;

import dev.gatehouse.config.Priority;
import dev.gatehouse.config.QueuePolicy;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The requests waiting for one bucket: higher priorities first, and within a priority round-robin
 * across fairness keys (the calling key) and first come, first served within a key, so one key
 * cannot fill a shared limit's turns. Only the head asks the limiter; a refusal by this bucket sets
 * one timer at the moment the limiter said the head would fit, a refusal by another bucket that
 * queues moves the head to that bucket's lane. Every field is guarded by the owning
 * {@link LimitQueue}'s lock; the limiter is asked outside it.
 */
final class QueueLane {

    /** One request in a lane. Mutable parts are guarded by the queue's lock. */
    static final class Waiter {
        final LimitQueue.Entry entry;
        final long enqueuedNanos;
        final @Nullable Context context;
        final Promise<LimitQueue.Admission> promise;

        @Nullable
        QueueLane lane;

        boolean done;
        GatewayClock.Timer deadline = GatewayClock.Timer.NONE;

        Waiter(
                LimitQueue.Entry entry,
                long enqueuedNanos,
                @Nullable Context context,
                Promise<LimitQueue.Admission> promise) {
            this.entry = entry;
            this.enqueuedNanos = enqueuedNanos;
            this.context = context;
            this.promise = promise;
        }

        Promise<LimitQueue.Admission> promise() {
            return promise;
        }
    }

    private final LimitQueue owner;
    private final Bucket bucket;
    private final QueuePolicy policy;
    private final GatewayClock clock;
    private final Map<Priority, LinkedHashMap<String, ArrayDeque<Waiter>>> ranks = new EnumMap<>(Priority.class);
    private int size;
    private boolean pumping;
    private boolean again;
    private Duration lastRetry;
    private GatewayClock.Timer wakeTimer = GatewayClock.Timer.NONE;

    QueueLane(LimitQueue owner, Bucket bucket, QueuePolicy policy, GatewayClock clock, Duration firstRetry) {
        this.owner = owner;
        this.bucket = bucket;
        this.policy = policy;
        this.clock = clock;
        this.lastRetry = firstRetry;
    }

    Bucket bucket() {
        return bucket;
    }

    /** Under the queue's lock. */
    int size() {
        return size;
    }

    /** When the head was last told it would fit: what a request refused from this lane is told. Under the lock. */
    Duration lastRetry() {
        return lastRetry;
    }

    /** Adds {@code w} at the back of its priority and key; false when the lane holds {@code max_depth}. Under the lock. */
    boolean add(Waiter w) {
        if (size >= policy.maxDepth()) {
            return false;
        }
        ranks.computeIfAbsent(w.entry.priority(), p -> new LinkedHashMap<>())
                .computeIfAbsent(w.entry.fairKey(), k -> new ArrayDeque<>())
                .addLast(w);
        w.lane = this;
        size++;
        owner.counted(1);
        return true;
    }

    /** The 429 a waiter gets when it cannot stay: this bucket's refusal, retry when the head was told it fits. */
    GatewayError refusal(Waiter w) {
        Duration retry = lastRetry.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : lastRetry;
        return w.entry.refusal().apply(new Decision(bucket, retry, List.of()));
    }

    /** Starts {@code w}'s {@code max_wait}, counted from when it first queued, whichever lane it is in then. */
    void startTimer(Waiter w) {
        long left = policy.maxWait().toNanos() - (clock.nanoTime() - w.enqueuedNanos);
        w.deadline = clock.schedule(Duration.ofNanos(Math.max(0, left)), () -> leave(w, true));
    }

    /**
     * Takes {@code w} out of whatever lane holds it now: it waited {@code max_wait} ({@code expired}:
     * a 429) or its client went away. Its place goes to the next at once.
     */
    void leave(Waiter w, boolean expired) {
        QueueLane current;
        synchronized (owner) {
            if (w.done) {
                return;
            }
            current = Objects.requireNonNull(w.lane, "a started waiter is in a lane");
            current.remove(w);
            w.done = true;
        }
        w.deadline.cancel();
        GatewayError error = current.refusal(w);
        complete(w, Future.failedFuture(error), null);
        current.pumpNow();
    }

    /** The head asks the limiter again now; a lane already asking asks once more after. */
    void pumpNow() {
        synchronized (owner) {
            if (pumping) {
                again = true;
                return;
            }
            pumping = true;
        }
        while (true) {
            Waiter head;
            synchronized (owner) {
                again = false;
                head = peek();
                if (head == null) {
                    pumping = false;
                    wakeTimer.cancel();
                    owner.forget(this);
                    return;
                }
                wakeTimer.cancel();
                wakeTimer = GatewayClock.Timer.NONE;
            }
            Waiter asked = head;
            Future<Decision> answer = asked.entry.limiter().reserve(asked.entry.reservation());
            if (!answer.isComplete()) {
                answer.onComplete(done -> {
                    boolean more = handle(asked, done);
                    synchronized (owner) {
                        pumping = false;
                        more |= again;
                    }
                    if (more) {
                        pumpNow();
                    }
                });
                return;
            }
            boolean more = handle(asked, answer);
            synchronized (owner) {
                if (!more && !again) {
                    pumping = false;
                    return;
                }
            }
        }
    }

    /** Acts on the limiter's answer for {@code head}; true when the next head may ask at once. */
    private boolean handle(Waiter head, AsyncResult<Decision> answer) {
        QueueLane movedTo = null;
        Future<LimitQueue.Admission> outcome;
        Duration waited = Duration.ofNanos(clock.nanoTime() - head.enqueuedNanos);
        synchronized (owner) {
            if (head.done) {
                // It left while the limiter was asked; give back what was just taken for it.
                if (answer.succeeded() && answer.result().admitted()) {
                    head.entry.limiter().release(head.entry.reservation());
                }
                return true;
            }
            if (answer.failed()) {
                remove(head);
                head.done = true;
                outcome = Future.failedFuture(answer.cause());
            } else if (answer.result().admitted()) {
                remove(head);
                rotate(head);
                head.done = true;
                outcome = Future.succeededFuture(new LimitQueue.Admission(answer.result(), waited));
            } else {
                Decision d = answer.result();
                Bucket refused = Objects.requireNonNull(d.refused(), "a refusal names its bucket");
                lastRetry = Objects.requireNonNull(d.retryAfter(), "a refusal says when to retry");
                if (refused.name().equals(bucket.name())) {
                    wakeTimer = clock.schedule(GatewayClock.atLeastOneMilli(lastRetry), this::pumpNow);
                    return false;
                }
                remove(head);
                QueueLane other = owner.laneFor(refused, head.entry, lastRetry);
                if (other != null && other.add(head)) {
                    movedTo = other;
                    outcome = null;
                } else {
                    head.done = true;
                    outcome = Future.failedFuture(head.entry.refusal().apply(d));
                }
            }
        }
        if (movedTo != null) {
            movedTo.pumpNow();
            return true;
        }
        head.deadline.cancel();
        complete(head, Objects.requireNonNull(outcome), waited);
        return true;
    }

    /** Completes on the waiter's own context; {@code waited} is observed when not null. */
    private void complete(Waiter w, Future<LimitQueue.Admission> outcome, @Nullable Duration waited) {
        if (waited != null && outcome.succeeded()) {
            owner.observeWait(waited);
        }
        Runnable finish = () -> {
            if (outcome.succeeded()) {
                w.promise.tryComplete(outcome.result());
            } else {
                w.promise.tryFail(outcome.cause());
            }
        };
        if (w.context == null) {
            finish.run();
        } else {
            w.context.runOnContext(v -> finish.run());
        }
    }

    /** The next to ask: the highest priority's first key's first waiter. Under the lock. */
    private @Nullable Waiter peek() {
        for (Priority p : Priority.values()) {
            LinkedHashMap<String, ArrayDeque<Waiter>> keys = ranks.get(p);
            if (keys != null && !keys.isEmpty()) {
                return keys.values().iterator().next().peekFirst();
            }
        }
        return null;
    }

    /** After {@code w}'s key had its turn, it goes behind the other keys of its priority. Under the lock. */
    private void rotate(Waiter w) {
        LinkedHashMap<String, ArrayDeque<Waiter>> keys = ranks.get(w.entry.priority());
        if (keys == null) {
            return;
        }
        ArrayDeque<Waiter> mine = keys.remove(w.entry.fairKey());
        if (mine != null && !mine.isEmpty()) {
            keys.put(w.entry.fairKey(), mine);
        }
    }

    /** Under the lock; does nothing for a waiter not here. */
    private void remove(Waiter w) {
        LinkedHashMap<String, ArrayDeque<Waiter>> keys = ranks.get(w.entry.priority());
        if (keys == null) {
            return;
        }
        ArrayDeque<Waiter> mine = keys.get(w.entry.fairKey());
        if (mine == null || !mine.remove(w)) {
            return;
        }
        if (mine.isEmpty()) {
            keys.remove(w.entry.fairKey());
        }
        size--;
        owner.counted(-1);
    }
}
