package dev.gatehouse.ratelimit;

class MemoryRateLimiterTest extends RateLimiterContract {

    @Override
    protected RateLimiter newLimiter() {
        return new MemoryRateLimiter(clock);
    }
}
