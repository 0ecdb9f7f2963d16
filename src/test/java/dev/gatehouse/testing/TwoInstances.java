package dev.gatehouse.testing;

import dev.gatehouse.server.CacheWiring;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Two real gateway instances on one PostgreSQL schema and the test Redis, reached through a
 * {@link CuttableTcpProxy} so a test can take Redis away from both (an outage) and give it back.
 * The schema is dropped on close. The config names the store and the Redis URL; the test adds the
 * rest of the {@code state} section and everything else.
 */
public final class TwoInstances implements AutoCloseable {

    private final String schemaUrl;
    private final CuttableTcpProxy redis;
    private final TestGateway a;
    private final TestGateway b;

    private TwoInstances(String schemaUrl, CuttableTcpProxy redis, TestGateway a, TestGateway b) {
        this.schemaUrl = schemaUrl;
        this.redis = redis;
        this.a = a;
        this.b = b;
    }

    /**
     * Starts both instances on the system clock, or each on its own {@link ManualClock} when given.
     *
     * @param yaml the config, in which {@code @STORE_AND_STATE@} stands for the {@code store}
     *     section and the first lines of the {@code state} section; the lines after it go on in
     *     {@code state} (indented by two spaces)
     */
    public static TwoInstances start(String yaml, @Nullable ManualClock clockA, @Nullable ManualClock clockB)
            throws Exception {
        return start(yaml, clockA, clockB, CacheWiring.defaults());
    }

    /** As {@link #start(String, ManualClock, ManualClock)}, with the semantic cache of both built from {@code cacheWiring}. */
    public static TwoInstances start(
            String yaml, @Nullable ManualClock clockA, @Nullable ManualClock clockB, CacheWiring cacheWiring)
            throws Exception {
        String pg = TestServices.postgresSchema();
        CuttableTcpProxy proxy = CuttableTcpProxy.toRedis(TestServices.redis());
        String config = yaml.replace("@STORE_AND_STATE@", """
                store:
                  type: postgres
                  url: "%s"
                state:
                  type: redis
                  redis_url: %s""".formatted(pg, proxy.redisUrl()));
        TestGateway a = TestGateway.start(clockA, config, cacheWiring);
        TestGateway b;
        try {
            b = TestGateway.start(clockB, config, cacheWiring);
        } catch (RuntimeException e) {
            a.close();
            throw e;
        }
        return new TwoInstances(pg, proxy, a, b);
    }

    public TestGateway a() {
        return a;
    }

    public TestGateway b() {
        return b;
    }

    public CuttableTcpProxy redis() {
        return redis;
    }

    /** The status {@code GET /v1/models} gets with {@code key} on {@code gateway}: 200 when the key is served, 401 when not. */
    public static int modelsStatus(TestGateway gateway, String key) throws Exception {
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/models"))
                        .timeout(Duration.ofSeconds(10))
                        .header("authorization", "Bearer " + key)
                        .build())
                .statusCode();
    }

    /** Both instances know {@code key}: what one made has reached the other. */
    public void awaitKnownToBoth(String key) throws InterruptedException {
        Await.until(
                "key known to both instances",
                Duration.ofSeconds(10),
                () -> modelsStatus(a, key) == 200 && modelsStatus(b, key) == 200);
    }

    @Override
    public void close() throws Exception {
        try {
            a.close();
            b.close();
            redis.close();
        } finally {
            String schema = schemaUrl.substring(schemaUrl.indexOf("currentSchema=") + "currentSchema=".length());
            String base = schemaUrl.substring(0, schemaUrl.indexOf("currentSchema=") - 1);
            try (Connection c = DriverManager.getConnection(base);
                    Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
