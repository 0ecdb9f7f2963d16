package dev.gatehouse.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.redis.RedisClients;
import dev.gatehouse.testing.RedisKeys;
import dev.gatehouse.testing.TestServices;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisRateLimiterTest extends RateLimiterContract {

    private Vertx vertx;
    private Redis redis;
    private String namespace;
    private RateLimiter peer;

    @Override
    protected RateLimiter newLimiter() {
        String url = TestServices.redis();
        vertx = Vertx.vertx();
        redis = RedisClients.create(vertx, url);
        namespace = TestServices.redisKeyPrefix();
        return new RedisRateLimiter(redis, clock, namespace);
    }

    /** A second gateway: its own client, the same keys. */
    @Override
    protected RateLimiter peer() {
        if (peer == null) {
            peer = new RedisRateLimiter(RedisClients.create(vertx, TestServices.redis()), clock, namespace);
        }
        return peer;
    }

    @AfterEach
    void close() throws Exception {
        if (vertx != null) {
            List<String> keys = keys(namespace + RedisRateLimiter.PREFIX + "*");
            for (String key : keys) {
                redis.send(Request.cmd(Command.DEL).arg(key)).await(10, TimeUnit.SECONDS);
            }
            assertThat(keys(namespace + RedisRateLimiter.PREFIX + "*")).isEmpty();
            redis.close();
            vertx.close();
        }
    }

    @Test
    void settlesGatheredOnAnEventLoopCountAsIfSentOneByOne() throws Exception {
        Bucket rpm = new Bucket("key", "k1", Meter.REQUESTS, 100);
        Bucket tpm = new Bucket("key", "k1", Meter.TOKENS, 10_000);
        List<Reservation> running = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Reservation r = new Reservation(UUID.randomUUID().toString(), List.of(rpm, tpm), 100, 400);
            assertThat(limiter.reserve(r).await(10, TimeUnit.SECONDS).admitted())
                    .isTrue();
            running.add(r);
        }
        Context loop = vertx.getOrCreateContext();
        Promise<Void> settled = Promise.promise();
        loop.runOnContext(v -> {
            List<Future<Void>> each = new ArrayList<>();
            for (int i = 0; i < running.size(); i++) {
                each.add(limiter.settle(running.get(i), 100, 50L * i));
            }
            Future.all(each).<Void>mapEmpty().onComplete(settled);
        });
        settled.future().await(10, TimeUnit.SECONDS);

        Decision next = limiter.reserve(new Reservation(UUID.randomUUID().toString(), List.of(rpm, tpm), 0, 0))
                .await(10, TimeUnit.SECONDS);
        // 5 requests used 100 + 50 i tokens each, 1,000 in all, and 6 requests came (this one too); the
        // clock stood still, so nothing refilled.
        assertThat(next.states()).extracting(BucketState::remaining).containsExactly(94L, 9_000L);
        for (String key : keys(namespace + RedisRateLimiter.PREFIX + "*")) {
            Response ttl = redis.send(Request.cmd(Command.PTTL).arg(key)).await(10, TimeUnit.SECONDS);
            assertThat(ttl.toLong()).as("expiry of %s", key).isPositive();
        }
    }

    @Test
    void reservationsGatheredOnAnEventLoopAreEachAllOrNothingInTurn() throws Exception {
        Bucket rpm = new Bucket("key", "k1", Meter.REQUESTS, 3);
        Bucket team = new Bucket("team", "t1", Meter.REQUESTS, 100);
        Context loop = vertx.getOrCreateContext();
        Promise<List<Decision>> decided = Promise.promise();
        loop.runOnContext(v -> {
            List<Future<Decision>> each = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                each.add(limiter.reserve(new Reservation(UUID.randomUUID().toString(), List.of(rpm, team), 0, 0)));
            }
            Future.all(each).map(all -> all.<Decision>list()).onComplete(decided);
        });
        List<Decision> decisions = decided.future().await(10, TimeUnit.SECONDS);

        assertThat(decisions).extracting(Decision::admitted).containsExactly(true, true, true, false, false);
        // The refused ones took nothing from the team either.
        Decision next = limiter.reserve(new Reservation(UUID.randomUUID().toString(), List.of(team), 0, 0))
                .await(10, TimeUnit.SECONDS);
        assertThat(next.states().get(0).remaining()).isEqualTo(96);
    }

    @Test
    void aHoldWhoseLeaseExpiredCountsAsUsedAndItsSettleGivesNothingBack() throws Exception {
        Bucket tpm = new Bucket("key", "k1", Meter.TOKENS, 1_000);
        Reservation early = new Reservation(UUID.randomUUID().toString(), List.of(tpm), 0, 600);
        limiter.reserve(early).await(10, TimeUnit.SECONDS);
        clock.advance(RedisRateLimiter.LEASE.minusSeconds(30));
        Reservation late = new Reservation(UUID.randomUUID().toString(), List.of(tpm), 0, 900);
        assertThat(limiter.reserve(late).await(10, TimeUnit.SECONDS).admitted()).isTrue();
        // The first instance died: its hold's lease runs out while the second request still runs.
        clock.advance(Duration.ofSeconds(31));
        limiter.settle(late, 0, 0).await(10, TimeUnit.SECONDS);
        limiter.settle(early, 0, 0).await(10, TimeUnit.SECONDS);

        Decision next = limiter.reserve(new Reservation(UUID.randomUUID().toString(), List.of(tpm), 0, 0))
                .await(10, TimeUnit.SECONDS);
        // 31 s refilled 516.7 onto the 100 left; the expired hold of 600 came off the floor (1,000 -> 400,
        // then 916.7 with the refill), so the late refund lifts the level only to 916.7 and the early one,
        // no longer held, gives nothing. Had the hold not expired, the bucket would be full again.
        assertThat(next.states().get(0).remaining()).isEqualTo(916);
    }

    private List<String> keys(String pattern) throws Exception {
        return RedisKeys.scan(redis, pattern);
    }
}
