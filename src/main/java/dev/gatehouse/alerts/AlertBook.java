package dev.gatehouse.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * This instance's alerts: those firing, by condition, and the most recently resolved, newest first,
 * up to a bound. Written by the engine's event loop, read by the admin API's. Thread-safe (one lock;
 * each call copies a few entries).
 */
final class AlertBook {

    private final Map<String, Alert> active = new LinkedHashMap<>();
    private final List<Alert> resolved = new ArrayList<>();
    private final int keepResolved;

    AlertBook(int keepResolved) {
        this.keepResolved = keepResolved;
    }

    synchronized @Nullable Alert active(String conditionKey) {
        return active.get(conditionKey);
    }

    synchronized void put(Alert alert) {
        active.put(alert.conditionKey(), alert);
    }

    /** Moves a firing alert to the resolved ones; the resolved alert, or null when none was firing. */
    synchronized @Nullable Alert resolve(String conditionKey, Instant at) {
        Alert a = active.remove(conditionKey);
        if (a == null) {
            return null;
        }
        Alert done = a.resolved(at);
        resolved.add(0, done);
        while (resolved.size() > keepResolved) {
            resolved.remove(resolved.size() - 1);
        }
        return done;
    }

    /** Another instance fired this condition first: its id is the alert's. */
    synchronized void adoptId(String conditionKey, String id) {
        Alert a = active.get(conditionKey);
        if (a != null) {
            active.put(conditionKey, a.withId(id));
        }
    }

    synchronized void notified(String id, Instant at) {
        active.replaceAll((k, a) -> a.id().equals(id) ? a.notified(at) : a);
        resolved.replaceAll(a -> a.id().equals(id) ? a.notified(at) : a);
    }

    synchronized List<Alert> firing() {
        return new ArrayList<>(active.values());
    }

    /**
     * Firing alerts newest first, then resolved ones newest first.
     *
     * @param state {@code active}, {@code resolved} or {@code all}
     */
    synchronized List<Alert> list(String state, int limit) {
        List<Alert> out = new ArrayList<>();
        if (!state.equals("resolved")) {
            List<Alert> firing = new ArrayList<>(active.values());
            firing.sort((x, y) -> y.startedAt().compareTo(x.startedAt()));
            out.addAll(firing);
        }
        if (!state.equals("active")) {
            out.addAll(resolved);
        }
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    synchronized int activeCount() {
        return active.size();
    }
}
