package dev.gatehouse.ratelimit;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One limit of one scope: for example the tokens per minute of key {@code key-1f}.
 *
 * <p>A value class with a record's accessors, equality and {@code toString}, and one field more: its
 * {@link #name()}, built once. The limiters ask for the name several times per request (reserve,
 * headers, settle), and building it each time was a string concatenation per question on the
 * event loop.
 *
 * @param scope {@code key}, {@code user}, {@code team} or {@code global}
 * @param id the key, user or team id ({@code *} for global)
 * @param model the public model name of a per-model limit, or null for the whole scope
 * @param limit per minute for per-minute meters, at once for {@link Meter#PARALLEL}
 * @param slidingWindow count per-minute meters in an exact sliding window: at most {@code limit} in
 *     any {@link #WINDOW_MILLIS} interval. Otherwise a per-minute meter is a token bucket whose burst
 *     (capacity) is {@code limit} and which refills continuously at {@code limit} per minute, so it
 *     admits at most {@code limit + limit * T / 60 s} in any interval of length {@code T}: up to twice
 *     the limit in one minute right after an idle minute.
 */
public final class Bucket {

    /** The length of a per-minute meter's sliding window, and the time a token bucket takes to refill its burst. */
    static final long WINDOW_MILLIS = 60_000;

    private final String scope;
    private final String id;
    private final @Nullable String model;
    private final Meter meter;
    private final long limit;
    private final boolean slidingWindow;
    private final String name;

    public Bucket(String scope, String id, @Nullable String model, Meter meter, long limit, boolean slidingWindow) {
        this.scope = scope;
        this.id = id;
        this.model = model;
        this.meter = meter;
        this.limit = limit;
        this.slidingWindow = slidingWindow;
        this.name = scope + ":" + id + ":" + (model == null ? "" : "model=" + model + ":") + meter.code()
                + (windowed() ? ":sw" : "");
    }

    /** A token bucket (or parallel slots) of the whole scope, every model together. */
    public Bucket(String scope, String id, Meter meter, long limit) {
        this(scope, id, null, meter, limit, false);
    }

    public String scope() {
        return scope;
    }

    public String id() {
        return id;
    }

    public @Nullable String model() {
        return model;
    }

    public Meter meter() {
        return meter;
    }

    public long limit() {
        return limit;
    }

    public boolean slidingWindow() {
        return slidingWindow;
    }

    /** Whether this is a sliding-window counter (per-minute meters only). */
    boolean windowed() {
        return slidingWindow && meter != Meter.PARALLEL;
    }

    /** The bucket's identity, the same on every instance (a Redis key suffix, a map key). */
    public String name() {
        return name;
    }

    /** The 429 code naming scope, limit and (for a per-model limit) the model: {@code rate_limit_exceeded:key:rpm:gpt-4o}. */
    public String errorCode() {
        return "rate_limit_exceeded:" + scope + ":" + meter.code() + (model == null ? "" : ":" + model);
    }

    /** A token bucket's burst: what it holds when full. */
    long capacity() {
        return limit;
    }

    /** Per-minute token buckets refill this many units per millisecond. */
    double ratePerMilli() {
        return limit / (double) WINDOW_MILLIS;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bucket b
                && limit == b.limit
                && slidingWindow == b.slidingWindow
                && Objects.equals(scope, b.scope)
                && Objects.equals(id, b.id)
                && Objects.equals(model, b.model)
                && meter == b.meter;
    }

    @Override
    public int hashCode() {
        return Objects.hash(scope, id, model, meter, limit, slidingWindow);
    }

    @Override
    public String toString() {
        return "Bucket[scope=" + scope + ", id=" + id + ", model=" + model + ", meter=" + meter + ", limit=" + limit
                + ", slidingWindow=" + slidingWindow + "]";
    }
}
