package dev.gatehouse.alerts;

import dev.gatehouse.routing.DeploymentRegistry;
import dev.gatehouse.routing.DeploymentStats;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Failed and successful attempts per deployment over trailing windows, from the registry's running
 * counts sampled at each evaluation: nothing is added to the request path. A deployment first seen
 * since the previous evaluation counts all its attempts as made since then. Engine thread only.
 */
final class DeploymentSignals {

    /** The counts at one evaluation. */
    private record Sample(long atMillis, long successes, long failures) {}

    /** Attempts and failures over a window. */
    record Outcomes(long attempts, long failures) {
        double failureShare() {
            return attempts == 0 ? 0 : failures / (double) attempts;
        }
    }

    private final DeploymentRegistry registry;
    private final Map<String, Deque<Sample>> samples = new HashMap<>();
    private long previousAt = Long.MIN_VALUE;

    DeploymentSignals(DeploymentRegistry registry) {
        this.registry = registry;
    }

    /** Takes this evaluation's sample, keeping samples back to {@code keepMillis} ago. */
    void sample(Instant now, long keepMillis) {
        long at = now.toEpochMilli();
        for (DeploymentStats stats : registry.all()) {
            Deque<Sample> d = samples.computeIfAbsent(stats.id(), id -> {
                Deque<Sample> fresh = new ArrayDeque<>();
                fresh.add(new Sample(previousAt == Long.MIN_VALUE ? at - 1 : previousAt, 0, 0));
                return fresh;
            });
            d.addLast(new Sample(at, stats.successes(), stats.failures()));
            // Keep the newest sample at or before the cut, the start of the longest window.
            while (d.size() > 2 && second(d).atMillis() <= at - keepMillis) {
                d.removeFirst();
            }
        }
        previousAt = at;
    }

    private static Sample second(Deque<Sample> d) {
        java.util.Iterator<Sample> it = d.iterator();
        it.next();
        return it.next();
    }

    /** Outcomes of {@code deploymentId} over the window ending now. */
    Outcomes over(String deploymentId, long windowMillis, Instant now) {
        Deque<Sample> d = samples.get(deploymentId);
        if (d == null || d.isEmpty()) {
            return new Outcomes(0, 0);
        }
        long cut = now.toEpochMilli() - windowMillis;
        Sample base = d.peekFirst();
        for (Sample s : d) {
            if (s.atMillis() <= cut) {
                base = s;
            }
        }
        Sample last = d.peekLast();
        long failures = last.failures() - base.failures();
        return new Outcomes(last.successes() - base.successes() + failures, failures);
    }

    Iterable<String> deployments() {
        return samples.keySet();
    }
}
