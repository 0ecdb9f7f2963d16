package dev.gatehouse.cache;

import dev.gatehouse.testing.LocalRedisCluster;

/**
 * The response cache scenarios with the entries in a real three-master Redis Cluster, including
 * the admin API's count and delete, which walk the entries with SCAN on the node that holds them.
 */
class ClusterResponseCacheEndToEndTest extends RedisResponseCacheEndToEndTest {

    @Override
    protected String state() {
        return LocalRedisCluster.shared().stateYaml();
    }
}
