package dev.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LiveInstancesTest {

    private final Vertx vertx = Vertx.vertx();
    private final Redis redis = RedisClients.create(vertx, TestServices.redis());
    private final String namespace = TestServices.redisKeyPrefix();

    @AfterEach
    void cleanUp() throws Exception {
        redis.send(Request.cmd(Command.DEL).arg(namespace + LiveInstances.PREFIX))
                .await(5, TimeUnit.SECONDS);
        vertx.close().await(5, TimeUnit.SECONDS);
    }

    @Test
    void countsTheInstancesThatBeatAndForgetsThoseThatStoppedBeating() throws Exception {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        LiveInstances a = new LiveInstances(redis, new ManualClock(t0), namespace);
        LiveInstances b = new LiveInstances(redis, new ManualClock(t0), namespace);
        assertThat(a.count()).isZero();

        a.start().await(5, TimeUnit.SECONDS);
        b.start().await(5, TimeUnit.SECONDS);
        assertThat(a.count()).isEqualTo(1);
        assertThat(b.count()).isEqualTo(2);

        // A and B beat no more (their clocks stand still); an instance that beats after their TTL
        // counts itself alone.
        LiveInstances later = new LiveInstances(
                redis, new ManualClock(t0.plus(LiveInstances.TTL).plusMillis(1)), namespace);
        later.start().await(5, TimeUnit.SECONDS);
        assertThat(later.count()).isEqualTo(1);

        for (LiveInstances i : List.of(a, b, later)) {
            i.stop().await(5, TimeUnit.SECONDS);
        }
    }
}
