package dev.gatehouse.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * Several real gateway instances in this JVM, each with its own Vert.x (event loops), Redis clients
 * and PostgreSQL pool, sharing one fresh PostgreSQL schema and the test Redis under this run's
 * namespace: a fleet behind a load balancer, with the test as the balancer. The schema is dropped on
 * close; the Redis keys go with the run ({@link TestRunCleanup}).
 *
 * <p>In the config, {@value #SHARED} stands for the top-level {@code store} and {@code state}
 * sections (and, for a watched file, {@code usage} with a spool directory per instance).
 */
public final class Fleet implements AutoCloseable {

    public static final String SHARED = "@FLEET_STORE_AND_STATE@";

    private final String schemaUrl;
    private final List<TestGateway> instances;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private Fleet(String schemaUrl, List<TestGateway> instances) {
        this.schemaUrl = schemaUrl;
        this.instances = instances;
    }

    /** Starts {@code size} instances of {@code yaml}, one after the other. */
    public static Fleet start(int size, String yaml) {
        String pg = TestServices.postgresSchema();
        String config = yaml.replace(SHARED, shared(pg, TestServices.redis(), false));
        List<TestGateway> started = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                started.add(TestGateway.start(config));
            }
        } catch (RuntimeException e) {
            started.forEach(TestGateway::close);
            TestServices.dropPostgresSchema(pg);
            throw e;
        }
        return new Fleet(pg, started);
    }

    /**
     * Starts {@code size} instances that all read and watch {@code file}, written from {@code yaml}
     * ({@link #rewrite} changes it later).
     */
    public static Fleet startWatching(int size, Path file, String yaml) throws Exception {
        String pg = TestServices.postgresSchema();
        String redis = TestServices.redis();
        Files.writeString(file, yaml.replace(SHARED, shared(pg, redis, true)));
        List<TestGateway> started = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                Path spool = Files.createTempDirectory("gatehouse-fleet-spool");
                spool.toFile().deleteOnExit();
                started.add(TestGateway.startWatching(file, Map.of("FLEET_SPOOL_DIR", spool.toString())));
            }
        } catch (RuntimeException e) {
            started.forEach(TestGateway::close);
            TestServices.dropPostgresSchema(pg);
            throw e;
        }
        return new Fleet(pg, started);
    }

    /** Writes {@code yaml} to the watched {@code file} (with the same shared sections as at start). */
    public void rewrite(Path file, String yaml) throws Exception {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, yaml.replace(SHARED, shared(schemaUrl, TestServices.redis(), true)));
        Files.move(next, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String shared(String pg, String redis, boolean watchedFile) {
        String sections = """
                store:
                  type: postgres
                  url: "%s"
                state:
                  type: redis
                  redis_url: %s
                  namespace: %s
                """.formatted(pg, redis, TestServices.redisNamespace());
        return watchedFile ? sections + "usage:\n  spool_dir: ${FLEET_SPOOL_DIR}\n" : sections;
    }

    public List<TestGateway> instances() {
        return instances;
    }

    public TestGateway get(int i) {
        return instances.get(i);
    }

    public int size() {
        return instances.size();
    }

    /** The client the fleet's helpers send with (HTTP/1.1, as a load balancer speaks to its upstreams). */
    public HttpClient http() {
        return http;
    }

    /** A chat completion to instance {@code i} with {@code key}, {@code body} as JSON. */
    public HttpRequest.Builder chat(int i, String key, String body) {
        return HttpRequest.newBuilder(URI.create(get(i).baseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(60))
                .header("authorization", "Bearer " + key)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    public HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends {@code count} requests at once (request {@code n} is {@code request.apply(n)}) and waits
     * for every answer; the answers are in the order of {@code n}.
     */
    public List<HttpResponse<String>> all(int count, IntFunction<HttpRequest> request) {
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            sent.add(http.sendAsync(request.apply(n), HttpResponse.BodyHandlers.ofString()));
        }
        return sent.stream().map(CompletableFuture::join).toList();
    }

    /** The status {@code GET /v1/models} gets with {@code key} on instance {@code i}: 200 when it serves the key. */
    public int modelsStatus(int i, String key) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(get(i).baseUrl() + "/models"))
                        .timeout(Duration.ofSeconds(10))
                        .header("authorization", "Bearer " + key)
                        .build())
                .statusCode();
    }

    /** Waits until every instance serves {@code key}. */
    public void awaitKnownEverywhere(String key) throws InterruptedException {
        awaitEverywhere("key known", Duration.ofSeconds(15), i -> modelsStatus(i, key) == 200);
    }

    /** A check of one instance; an exception counts as "not yet". */
    @FunctionalInterface
    public interface Check {
        boolean holdsOn(int instance) throws Exception;
    }

    /**
     * Checks every instance until {@code check} has held on each (an instance where it held is not
     * asked again: what reached it stays) and returns how long that took from the call; fails
     * naming {@code what} after {@code limit}.
     */
    public Duration awaitEverywhere(String what, Duration limit, Check check) throws InterruptedException {
        long start = System.nanoTime();
        boolean[] reached = new boolean[size()];
        Await.until(what + " on every instance", limit, () -> {
            boolean all = true;
            for (int i = 0; i < size(); i++) {
                if (!reached[i]) {
                    reached[i] = check.holdsOn(i);
                    all &= reached[i];
                }
            }
            return all;
        });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    @Override
    public void close() {
        try {
            instances.forEach(TestGateway::close);
        } finally {
            TestServices.dropPostgresSchema(schemaUrl);
        }
    }
}
