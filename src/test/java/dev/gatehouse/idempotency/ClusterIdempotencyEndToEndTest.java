package dev.gatehouse.idempotency;

import dev.gatehouse.testing.LocalRedisCluster;

/** The idempotency end-to-end scenarios with the replies in a real three-master Redis Cluster. */
class ClusterIdempotencyEndToEndTest extends IdempotencyEndToEndTest {

    @Override
    protected String state() {
        return LocalRedisCluster.shared().stateYaml();
    }
}
