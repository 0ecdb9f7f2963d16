package dev.gatehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code state.redis} section: one server or a Redis Cluster's seed nodes, mistakes named with their path. */
class RedisServersConfigTest {

    private static StateSettings state(String yaml) throws ConfigException {
        return new ConfigLoader(Map.of("REDIS_NODE", "redis://10.0.0.9:7000"))
                .parse(yaml, "gatehouse.yaml")
                .state();
    }

    private static List<ConfigProblem> problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> state(yaml));
        assertThat(e).as("expected the config to be rejected").isNotNull();
        return e.problems();
    }

    @Test
    void readsClusterSeedNodesAndTakesARedisSectionForTypeRedis() throws Exception {
        StateSettings s = state("""
                state:
                  redis:
                    mode: cluster
                    nodes:
                      - redis://10.0.0.1:7000
                      - ${REDIS_NODE}
                """);

        assertThat(s.kind()).isEqualTo(StateSettings.Kind.REDIS);
        assertThat(s.cluster()).isTrue();
        assertThat(s.clusterNodes()).containsExactly("redis://10.0.0.1:7000", "redis://10.0.0.9:7000");
    }

    @Test
    void keepsOneServerByUrlOrByTheOlderRedisUrlField() throws Exception {
        StateSettings section = state("state:\n  redis:\n    url: redis://cache.internal:6380\n");
        assertThat(section.cluster()).isFalse();
        assertThat(section.redisUrl()).isEqualTo("redis://cache.internal:6380");

        StateSettings old = state("state:\n  type: redis\n  redis_url: redis://cache.internal:6381\n");
        assertThat(old.cluster()).isFalse();
        assertThat(old.redisUrl()).isEqualTo("redis://cache.internal:6381");
        assertThat(old.withNamespace("n").clusterNodes()).isEmpty();
    }

    @Test
    void namesEachMistakeWithItsPath() {
        assertThat(problems("state:\n  redis:\n    mode: sharded\n"))
                .extracting(ConfigProblem::path)
                .containsExactly("state.redis.mode");
        assertThat(problems("state:\n  redis:\n    mode: cluster\n"))
                .extracting(ConfigProblem::path)
                .containsExactly("state.redis.nodes");
        assertThat(problems("""
                        state:
                          redis:
                            mode: cluster
                            nodes: [redis://10.0.0.1:7000, "10.0.0.2:7000"]
                            url: redis://10.0.0.1:7000
                        """))
                .extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder("state.redis.nodes[1]", "state.redis.url");
        assertThat(problems("state:\n  redis:\n    nodes: [redis://10.0.0.1:7000]\n"))
                .extracting(ConfigProblem::path)
                .containsExactly("state.redis.nodes");
        assertThat(problems("""
                        state:
                          type: memory
                          redis_url: redis://a:6379
                          redis:
                            mode: cluster
                            nodes: [redis://10.0.0.1:7000]
                            replicas: true
                        """))
                .extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder("state.redis", "state.redis_url", "state.redis.replicas");
    }
}
