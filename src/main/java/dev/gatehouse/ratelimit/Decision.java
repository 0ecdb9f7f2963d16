package dev.gatehouse.ratelimit;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a reservation: admitted (everything was taken from every bucket) or refused
 * (nothing was taken from any).
 *
 * @param refused the first bucket, in reservation order, without room; null when admitted
 * @param retryAfter when every refusing bucket will have room again; null when admitted
 * @param states every bucket's state after the decision
 */
public record Decision(@Nullable Bucket refused, @Nullable Duration retryAfter, List<BucketState> states) {

    public boolean admitted() {
        return refused == null;
    }
}
