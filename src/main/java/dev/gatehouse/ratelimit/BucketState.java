package dev.gatehouse.ratelimit;

import java.time.Duration;

/**
 * How much of a bucket is left after a decision, for the {@code x-ratelimit-*} headers.
 *
 * @param remaining units left now (never below zero)
 * @param reset how long until the bucket is full again
 */
public record BucketState(Bucket bucket, long remaining, Duration reset) {}
