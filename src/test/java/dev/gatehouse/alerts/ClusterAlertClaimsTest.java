package dev.gatehouse.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.redis.RedisClients;
import dev.gatehouse.testing.LocalRedisCluster;
import dev.gatehouse.testing.TestServices;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Alert claims on a real Redis Cluster: one instance wins a firing, and the two-key resolve script runs. */
class ClusterAlertClaimsTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void oneInstanceWinsAFiringAndItsResolutionLetsTheConditionFireAgain() throws Exception {
        LocalRedisCluster cluster = LocalRedisCluster.shared();
        String namespace = TestServices.redisKeyPrefix();
        AlertClaims a = new RedisAlertClaims(RedisClients.create(vertx, cluster.state()), namespace);
        AlertClaims b = new RedisAlertClaims(RedisClients.create(vertx, cluster.state()), namespace);
        Duration ttl = Duration.ofMinutes(5);

        AlertClaims.Fired first = a.fire("budget:key-1", "alert-a", ttl).await(10, TimeUnit.SECONDS);
        AlertClaims.Fired second = b.fire("budget:key-1", "alert-b", ttl).await(10, TimeUnit.SECONDS);
        assertThat(first.won()).isTrue();
        assertThat(second.won()).isFalse();
        assertThat(second.id()).isEqualTo("alert-a");

        assertThat(b.resolve("budget:key-1", "alert-a", ttl).await(10, TimeUnit.SECONDS))
                .isTrue();
        assertThat(a.resolve("budget:key-1", "alert-a", ttl).await(10, TimeUnit.SECONDS))
                .isFalse();
        assertThat(b.fire("budget:key-1", "alert-c", ttl)
                        .await(10, TimeUnit.SECONDS)
                        .won())
                .isTrue();
    }
}
