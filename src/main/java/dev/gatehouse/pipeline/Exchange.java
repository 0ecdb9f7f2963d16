package dev.gatehouse.pipeline;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The state of one client request as it moves through the pipeline.
 *
 * <p>Stages read and write typed values through {@link Key}s instead of magic strings. An exchange
 * belongs to one request and is only touched from that request's event-loop thread, so it is not
 * synchronized.
 */
public final class Exchange {

    /** A typed slot in an exchange. Keys compare by identity; declare each once as a constant. */
    public static final class Key<T> {
        private final String name;

        private Key(String name) {
            this.name = name;
        }

        public static <T> Key<T> of(String name) {
            return new Key<>(name);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final String requestId;
    private final long startNanos;
    private final Map<Key<?>, Object> values = new IdentityHashMap<>();
    private final List<Runnable> cancelHooks = new ArrayList<>(2);
    private boolean cancelled;
    private boolean completed;

    public Exchange(String requestId, long startNanos) {
        this.requestId = requestId;
        this.startNanos = startNanos;
    }

    public String requestId() {
        return requestId;
    }

    public long startNanos() {
        return startNanos;
    }

    public <T> Exchange put(Key<T> key, T value) {
        values.put(key, Objects.requireNonNull(value, key.name));
        return this;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Key<T> key) {
        T value = (T) values.get(key);
        if (value == null) {
            throw new IllegalStateException("exchange has no " + key + " yet");
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    public <T> T find(Key<T> key) {
        return (T) values.get(key);
    }

    public boolean has(Key<?> key) {
        return values.containsKey(key);
    }

    /**
     * Registers work to run when the client goes away before the reply is complete (for example,
     * resetting the upstream request). Runs at once if the exchange is already cancelled.
     */
    public void onCancel(Runnable hook) {
        if (cancelled) {
            hook.run();
        } else if (!completed) {
            cancelHooks.add(hook);
        }
    }

    /**
     * Called by the server once the reply has been fully written: from then on a closing client
     * connection cancels nothing, and the hooks (which hold upstream requests and streams) are
     * released instead of living as long as the client's keep-alive connection.
     */
    public void complete() {
        completed = true;
        cancelHooks.clear();
    }

    /** Called by the server when the client connection closes early. Idempotent. */
    public void cancel() {
        if (cancelled || completed) {
            return;
        }
        cancelled = true;
        for (Runnable hook : List.copyOf(cancelHooks)) {
            hook.run();
        }
        cancelHooks.clear();
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
