package dev.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.LocalRedisCluster;
import dev.gatehouse.testing.ManualClock;
import dev.gatehouse.testing.RedisKeys;
import dev.gatehouse.testing.TestServices;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Redis plumbing on a real Redis Cluster: the hash tag rule, the tagged SCAN and the live-instance count. */
class ClusterKeysTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void everyKeyFamilyLandsInTheOneSlotOfTheHashTag() {
        LocalRedisCluster cluster = LocalRedisCluster.shared();
        LocalRedisCluster.Node holder = cluster.masterOf(HashTag.TAG);
        for (String family : List.of("rl", "bg", "idem", "cache", "alert", "inst")) {
            String key = "some-namespace:" + HashTag.prefix(family, 1) + "anything";
            assertThat(cluster.masterOf(key)).as(key).isEqualTo(holder);
        }
    }

    @Test
    void aTaggedScanFindsEveryKeyWhicheverNodeTheClientWouldPick() throws Exception {
        LocalRedisCluster cluster = LocalRedisCluster.shared();
        Redis redis = RedisClients.create(vertx, cluster.state());
        String prefix = TestServices.redisKeyPrefix() + HashTag.prefix("scan", 1);
        List<String> written = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            written.add(prefix + i);
            redis.send(Request.cmd(Command.SET).arg(prefix + i).arg(i)).await(10, TimeUnit.SECONDS);
        }
        // A plain SCAN goes to a node the client picks at random; three masters would miss the keys
        // two times in three, so ten rounds would not all find them by luck.
        for (int round = 0; round < 10; round++) {
            assertThat(RedisKeys.scan(redis, prefix + "*")).containsExactlyInAnyOrderElementsOf(written);
        }
    }

    @Test
    void countsLiveInstancesInTheCluster() throws Exception {
        LocalRedisCluster cluster = LocalRedisCluster.shared();
        String namespace = TestServices.redisKeyPrefix();
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        LiveInstances a =
                new LiveInstances(RedisClients.create(vertx, cluster.state()), new ManualClock(now), namespace);
        LiveInstances b =
                new LiveInstances(RedisClients.create(vertx, cluster.state()), new ManualClock(now), namespace);

        a.start().await(10, TimeUnit.SECONDS);
        b.start().await(10, TimeUnit.SECONDS);

        assertThat(b.count()).isEqualTo(2);
        a.stop().await(10, TimeUnit.SECONDS);
        b.stop().await(10, TimeUnit.SECONDS);
    }
}
