package dev.gatehouse.ratelimit;

import dev.gatehouse.config.Priority;
import dev.gatehouse.config.QueuePolicy;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.time.GatewayClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Requests waiting for room in a limit that queues instead of refusing, in this process: one
 * {@link QueueLane} per refusing bucket. Only a lane's head asks the limiter again, when the limiter
 * said it would fit ({@link Decision#retryAfter()}: a timer at that moment, not polling) or when
 * capacity was freed here or, through {@link #wake}, on another instance. A request arriving while
 * a lane of its buckets has waiters joins that lane instead of overtaking it.
 *
 * <p>Thread-safe: one lock over every lane, held for list operations only; the limiter is asked
 * outside it. A waiter's future completes on the Vert.x context it was queued from. Never blocks.
 */
public final class LimitQueue {

    /** What a queued request brings: its ticket, rank, fairness key and how to leave early. */
    public record Entry(
            Reservation reservation,
            RateLimiter limiter,
            Priority priority,
            String fairKey,
            Function<Bucket, @Nullable QueuePolicy> policies,
            Function<Decision, GatewayError> refusal) {}

    /** How a request got through: the decision that admitted it and how long it waited for it. */
    public record Admission(Decision decision, Duration waited) {}

    private final GatewayClock clock;
    private volatile Consumer<Duration> waitObserver = waited -> {};
    private final Map<String, QueueLane> lanes = new HashMap<>();
    private int depth;

    public LimitQueue(GatewayClock clock) {
        this.clock = clock;
    }

    /** Tells {@code observer} how long each request admitted from a queue waited (the wait histogram). */
    public void observeWaits(Consumer<Duration> observer) {
        this.waitObserver = observer;
    }

    /** Requests waiting in every lane of this instance. */
    public synchronized int depth() {
        return depth;
    }

    /**
     * Admits {@code e}'s reservation now, or after waiting in the lane of the bucket that refused it
     * when that bucket's scope queues; fails with the refusal (a 429) when it does not queue, its
     * lane is full, or it waited {@code max_wait}. {@code onCancel} registers what to run when the
     * client goes away: the request then leaves its lane at once.
     */
    public Future<Admission> admit(Entry e, Consumer<Runnable> onCancel) {
        Future<Admission> queued = joinBusyLane(e, onCancel);
        if (queued != null) {
            return queued;
        }
        return e.limiter().reserve(e.reservation()).compose(d -> {
            if (d.admitted()) {
                return Future.succeededFuture(new Admission(d, Duration.ZERO));
            }
            Bucket refused = java.util.Objects.requireNonNull(d.refused());
            QueuePolicy policy = e.policies().apply(refused);
            if (policy == null) {
                return Future.failedFuture(e.refusal().apply(d));
            }
            Duration retry = d.retryAfter() == null ? Duration.ofSeconds(1) : d.retryAfter();
            QueueLane lane;
            QueueLane.Waiter w;
            synchronized (this) {
                lane = lane(refused, policy, retry);
                w = waiter(e);
                if (!lane.add(w)) {
                    return Future.failedFuture(e.refusal().apply(d));
                }
            }
            return started(lane, w, onCancel);
        });
    }

    /** Capacity of these buckets was freed (a settle or release, here or on another instance): their heads try again. */
    public void wake(Collection<String> bucketNames) {
        for (String name : bucketNames) {
            QueueLane lane;
            synchronized (this) {
                lane = lanes.get(name);
            }
            if (lane != null) {
                lane.pumpNow();
            }
        }
    }

    /** Joins the first lane of {@code e}'s buckets that has waiters, so it does not overtake them; null when none has. */
    private @Nullable Future<Admission> joinBusyLane(Entry e, Consumer<Runnable> onCancel) {
        QueueLane lane = null;
        QueueLane.Waiter w = null;
        synchronized (this) {
            for (Bucket b : e.reservation().buckets()) {
                QueueLane candidate = lanes.get(b.name());
                if (candidate != null && candidate.size() > 0) {
                    lane = candidate;
                    break;
                }
            }
            if (lane == null) {
                return null;
            }
            w = waiter(e);
            if (!lane.add(w)) {
                return Future.failedFuture(lane.refusal(w));
            }
        }
        return started(lane, w, onCancel);
    }

    private QueueLane.Waiter waiter(Entry e) {
        return new QueueLane.Waiter(e, clock.nanoTime(), Vertx.currentContext(), Promise.promise());
    }

    private Future<Admission> started(QueueLane lane, QueueLane.Waiter w, Consumer<Runnable> onCancel) {
        onCancel.accept(() -> lane.leave(w, false));
        lane.startTimer(w);
        lane.pumpNow();
        return w.promise().future();
    }

    private QueueLane lane(Bucket b, QueuePolicy policy, Duration retry) {
        return lanes.computeIfAbsent(b.name(), n -> new QueueLane(this, b, policy, clock, retry));
    }

    /** The lane of {@code b} for a waiter the head of another lane found refused by {@code b}; null when b does not queue. */
    synchronized @Nullable QueueLane laneFor(Bucket b, Entry e, Duration retry) {
        QueuePolicy policy = e.policies().apply(b);
        return policy == null ? null : lane(b, policy, retry);
    }

    synchronized void counted(int change) {
        depth += change;
    }

    /** A lane emptied: it is forgotten, so an idle key leaves nothing behind. */
    synchronized void forget(QueueLane lane) {
        if (lane.size() == 0 && lanes.get(lane.bucket().name()) == lane) {
            lanes.remove(lane.bucket().name());
        }
    }

    void observeWait(Duration waited) {
        waitObserver.accept(waited);
    }
}
