package dev.gatehouse.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.ManualClock;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Drives a rate limiter with traffic chosen to break a per-minute limit: bursts just before and just
 * after minute edges, settles far below and (optionally) above the estimate, releases, and
 * reservations and settles spread over two limiter instances sharing state. It records what each
 * admitted request weighs in each bucket so a test can check every window afterwards. Seeded, so a
 * failure repeats.
 */
final class AdversarialTraffic {

    /** One admitted request: when, what it reserved, and what it was settled to (null while running). */
    static final class Admission {
        final long at;
        final Reservation reservation;
        long[] settled;

        Admission(long at, Reservation reservation) {
            this.at = at;
            this.reservation = reservation;
        }

        /**
         * What the request weighs in {@code b}: its estimate lowered to its real use when it used
         * less. An overrun of the estimate is charged after the fact and is not part of it.
         */
        long weight(Bucket b) {
            long reserved = reservation.amount(b);
            return settled == null ? reserved : Math.min(reserved, b.meter().amount(settled[0], settled[1]));
        }
    }

    private final ManualClock clock;
    private final RateLimiter[] instances;
    private final List<Bucket> buckets;
    private final Random random;
    private final boolean overruns;
    private final List<Admission> admitted = new ArrayList<>();
    private final List<Admission> running = new ArrayList<>();
    private int refusals;

    /**
     * @param instances limiters sharing one state (the same one twice for memory)
     * @param overruns whether some requests are settled above their estimate
     */
    AdversarialTraffic(
            ManualClock clock, List<RateLimiter> instances, List<Bucket> buckets, long seed, boolean overruns) {
        this.clock = clock;
        this.instances = instances.toArray(RateLimiter[]::new);
        this.buckets = List.copyOf(buckets);
        this.random = new Random(seed);
        this.overruns = overruns;
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private RateLimiter anyInstance() {
        return instances[random.nextInt(instances.length)];
    }

    /**
     * Runs {@code steps} actions, then settles every request still running. {@code check}, when not
     * null, is asked before each reservation whether it should fit, and the limiter must agree.
     */
    AdversarialTraffic run(int steps, Expectation check) throws Exception {
        for (int i = 0; i < steps; i++) {
            int action = random.nextInt(100);
            if (action < 45) {
                reserve(check);
            } else if (action < 70 && !running.isEmpty()) {
                settle(running.remove(random.nextInt(running.size())));
            } else if (action < 75 && !running.isEmpty()) {
                Admission a = running.remove(random.nextInt(running.size()));
                await(anyInstance().release(a.reservation));
                // A release gives back every token; the request itself still counts, as requests always weigh one.
                a.settled = new long[] {0, 0};
            } else {
                clock.advance(Duration.ofMillis(step()));
            }
        }
        while (!running.isEmpty()) {
            settle(running.remove(0));
        }
        return this;
    }

    /** A clock move that lands near a minute edge as often as not. */
    private long step() {
        long intoMinute = Math.floorMod(clock.millis(), Bucket.WINDOW_MILLIS);
        long toEdge = Bucket.WINDOW_MILLIS - intoMinute;
        return switch (random.nextInt(9)) {
            case 0 -> 1;
            case 1 -> 250;
            case 2 -> 5_000;
            case 3 -> 20_000;
            case 4 -> toEdge > 1 ? toEdge - 1 : 1;
            case 5 -> toEdge + 1;
            case 6 -> 59_999;
            case 7 -> 60_000;
            default -> toEdge;
        };
    }

    private void reserve(Expectation check) throws Exception {
        Reservation r =
                new Reservation(UUID.randomUUID().toString(), buckets, random.nextInt(300), random.nextInt(300));
        boolean expected = check == null || check.fits(this, r, clock.millis());
        Decision d = await(anyInstance().reserve(r));
        if (check != null) {
            assertThat(d.admitted())
                    .as("admitted at %d ms: %s", clock.millis(), r)
                    .isEqualTo(expected);
        }
        if (d.admitted()) {
            Admission a = new Admission(clock.millis(), r);
            admitted.add(a);
            running.add(a);
        } else {
            refusals++;
        }
    }

    private void settle(Admission a) throws Exception {
        long in = use(a.reservation.inputTokens());
        long out = use(a.reservation.outputTokens());
        await(anyInstance().settle(a.reservation, in, out));
        a.settled = new long[] {in, out};
    }

    /** What a request really used of {@code reserved}: nothing, some, all or (with overruns) more. */
    private long use(long reserved) {
        int pick = random.nextInt(overruns ? 5 : 4);
        return switch (pick) {
            case 0 -> 0;
            case 1 -> reserved / 3;
            case 2, 3 -> reserved;
            default -> reserved * 2 + 50;
        };
    }

    List<Admission> admitted() {
        return admitted;
    }

    int refusals() {
        return refusals;
    }

    /** The weight {@code b} admitted before each admission (admissions are in time order), and in all. */
    private long[] before(Bucket b) {
        long[] sums = new long[admitted.size() + 1];
        for (int i = 0; i < admitted.size(); i++) {
            sums[i + 1] = sums[i] + admitted.get(i).weight(b);
        }
        return sums;
    }

    /** The most weight {@code b} admitted in any interval {@code [from, from + length)}. */
    long mostInAnyWindow(Bucket b, long length) {
        long[] sums = before(b);
        long most = 0;
        int end = 0;
        for (int first = 0; first < admitted.size(); first++) {
            end = Math.max(end, first);
            while (end < admitted.size() && admitted.get(end).at < admitted.get(first).at + length) {
                end++;
            }
            most = Math.max(most, sums[end] - sums[first]);
        }
        return most;
    }

    /**
     * How far {@code b} went past burst + refill over its worst interval: over every pair of
     * admissions, the weight admitted from the first to the last (both included, with every other
     * admission at the same instants) less what a token bucket may admit over that span. Zero or
     * less when it never did.
     */
    double mostBeyondBurstPlusRefill(Bucket b) {
        long[] sums = before(b);
        double worst = Double.NEGATIVE_INFINITY;
        for (int first = 0; first < admitted.size(); first++) {
            int from = first;
            while (from > 0 && admitted.get(from - 1).at == admitted.get(first).at) {
                from--;
            }
            for (int last = first; last < admitted.size(); last++) {
                int to = last + 1;
                while (to < admitted.size() && admitted.get(to).at == admitted.get(last).at) {
                    to++;
                }
                long span = admitted.get(last).at - admitted.get(first).at;
                worst = Math.max(worst, sums[to] - sums[from] - (b.capacity() + span * b.ratePerMilli()));
            }
        }
        return worst;
    }

    /** What the test expects the limiter to decide, from what it recorded so far. */
    interface Expectation {
        boolean fits(AdversarialTraffic traffic, Reservation r, long now);
    }

    /**
     * The exact sliding window's decision, for traffic without overruns: a request fits when every
     * bucket's weight admitted in the last minute, as settled so far, leaves room for it.
     */
    static boolean slidingWindowFits(AdversarialTraffic traffic, Reservation r, long now) {
        for (Bucket b : r.buckets()) {
            long used = 0;
            for (Admission a : traffic.admitted) {
                if (a.at > now - Bucket.WINDOW_MILLIS) {
                    used += a.weight(b);
                }
            }
            if (used + r.amount(b) > b.limit()) {
                return false;
            }
        }
        return true;
    }
}
