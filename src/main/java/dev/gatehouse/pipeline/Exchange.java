package dev.gatehouse.pipeline;

import dev.gatehouse.config.GatewayConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The state of one client request as it moves through the pipeline.
 *
 * <p>It holds the incoming request and the config snapshot the request was admitted under (one
 * version from start to end, however often the config is reloaded meanwhile). Stages read and write
 * typed values through {@link Key}s instead of magic strings, and add response headers with
 * {@link #replyHeader}. An exchange belongs to one request and is only touched from that request's
 * event-loop thread, so it is not synchronized.
 */
public final class Exchange {

    /**
     * A typed slot in an exchange. Keys compare by identity; declare each once as a constant. Each key
     * gets the next index at creation, which is its slot in every exchange's value array.
     */
    public static final class Key<T> {
        private static final AtomicInteger CREATED = new AtomicInteger();

        private final String name;
        private final int index;

        private Key(String name) {
            this.name = name;
            this.index = CREATED.getAndIncrement();
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
    private final IncomingRequest request;
    private final GatewayConfig config;
    // Indexed by Key.index: an array read instead of an identity-map lookup (dozens of reads and writes
    // per governed request). Sized to the keys made so far; grows for a key made after it.
    private @Nullable Object[] values = new Object[Key.CREATED.get()];
    private Map<String, String> replyHeaders = Map.of();
    private final List<Runnable> cancelHooks = new ArrayList<>(2);
    private boolean cancelled;
    private boolean completed;

    public Exchange(String requestId, long startNanos, IncomingRequest request, GatewayConfig config) {
        this.requestId = requestId;
        this.startNanos = startNanos;
        this.request = Objects.requireNonNull(request, "request");
        this.config = Objects.requireNonNull(config, "config");
    }

    public String requestId() {
        return requestId;
    }

    public long startNanos() {
        return startNanos;
    }

    public IncomingRequest request() {
        return request;
    }

    /** The config snapshot in force when the request arrived. */
    public GatewayConfig config() {
        return config;
    }

    /**
     * Adds a header to the answer, success or error ({@code x-ratelimit-*}, {@code x-gatehouse-*}).
     * The server writes them when it writes the reply; a later value for the same name wins.
     */
    public void replyHeader(String name, String value) {
        if (replyHeaders.isEmpty()) {
            replyHeaders = new LinkedHashMap<>();
        }
        replyHeaders.put(name, Objects.requireNonNull(value, name));
    }

    /** The headers stages added, in the order they were first added. */
    public Map<String, String> replyHeaders() {
        return replyHeaders;
    }

    public <T> Exchange put(Key<T> key, T value) {
        Objects.requireNonNull(value, key.name);
        if (key.index >= values.length) {
            values = Arrays.copyOf(values, Math.max(key.index + 1, Key.CREATED.get()));
        }
        values[key.index] = value;
        return this;
    }

    public <T> T get(Key<T> key) {
        T value = find(key);
        if (value == null) {
            throw new IllegalStateException("exchange has no " + key + " yet");
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    public <T> @Nullable T find(Key<T> key) {
        return key.index < values.length ? (T) values[key.index] : null;
    }

    public boolean has(Key<?> key) {
        return find(key) != null;
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
