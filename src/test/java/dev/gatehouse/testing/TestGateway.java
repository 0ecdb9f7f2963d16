package dev.gatehouse.testing;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.IoTransport;
import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.guardrail.stage.BuiltInGuardrails;
import dev.gatehouse.server.CacheWiring;
import dev.gatehouse.server.GatewayServer;
import dev.gatehouse.server.IoTransports;
import dev.gatehouse.time.GatewayClock;
import dev.gatehouse.time.VertxClock;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A real gateway on a free port, started from YAML, with clients pointed at it. A gateway with its
 * state in Redis keeps it under the run's namespace ({@link TestServices#inRunNamespace}).
 */
public final class TestGateway implements AutoCloseable {

    public static final String MASTER_KEY = "sk-test-master-key-000000000001";

    /**
     * A router section that turns off retries and circuit breaking, for tests that check how one
     * upstream answer reaches the client.
     */
    public static final String SINGLE_ATTEMPT =
            "router:\n  retries: 0\n  circuit_breaker:\n" + "    consecutive_failures: 1000\n    min_requests: 1000\n";

    /** On the transport a gateway takes by default, so the tests exercise the sockets users run. */
    private final Vertx vertx = IoTransports.vertx(IoTransport.AUTO);

    private final GatewayServer server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestGateway(GatewayConfig config, GatewayClock clock) {
        this(config, clock, CacheWiring.defaults());
    }

    private TestGateway(GatewayConfig config, GatewayClock clock, CacheWiring cacheWiring) {
        this(config, clock, cacheWiring, null);
    }

    private TestGateway(
            GatewayConfig config,
            GatewayClock clock,
            CacheWiring cacheWiring,
            GatewayServer.@Nullable ConfigSource source) {
        GatewayConfig withKey = TestServices.inRunNamespace(
                config.withServer(config.server().withPort(0).withMasterKey(MASTER_KEY)));
        if (withKey.store().equals(StoreSettings.defaults())) {
            withKey = withKey.withStore(
                    new StoreSettings(StoreSettings.Kind.SQLITE, temporaryDatabase(), null, null, null, 2));
        }
        if (withKey.usage()
                .spoolDir()
                .equals(dev.gatehouse.config.UsageSettings.defaults().spoolDir())) {
            withKey = withKey.withUsage(withKey.usage().withSpoolDir(temporaryDirectory()));
        }
        if (withKey.batches().equals(dev.gatehouse.config.BatchSettings.defaults())) {
            withKey = withKey.toBuilder()
                    .batches(withKey.batches().withDir(temporaryDirectory()))
                    .build();
        }
        try {
            server = GatewayServer.start(
                            vertx, clock == null ? new VertxClock(vertx) : clock, withKey, 1, source, cacheWiring)
                    .await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            throw new IllegalStateException("gateway did not start", e);
        }
    }

    private static String temporaryDatabase() {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("gatehouse-test", ".db");
            file.toFile().deleteOnExit();
            return file.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static java.nio.file.Path temporaryDirectory() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("gatehouse-spool");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The running server (its usage service, registry and state). */
    public GatewayServer server() {
        return server;
    }

    public static TestGateway start(String yaml) {
        return start(yaml, Map.of());
    }

    public static TestGateway start(String yaml, Map<String, String> env) {
        return new TestGateway(parse(yaml, env), null);
    }

    public static TestGateway start(GatewayConfig config) {
        return new TestGateway(config, null);
    }

    /**
     * A gateway whose every timer and time reading goes through {@code clock}: its timeouts, backoffs
     * and health checks wait until the test advances it.
     */
    public static TestGateway start(ManualClock clock, String yaml) {
        return new TestGateway(parse(yaml, Map.of()), clock);
    }

    /**
     * A gateway whose semantic cache embeds with and vets through {@code cacheWiring}; on {@code clock},
     * or the system clock when it is null.
     */
    public static TestGateway start(@Nullable ManualClock clock, String yaml, CacheWiring cacheWiring) {
        return new TestGateway(parse(yaml, Map.of()), clock, cacheWiring);
    }

    /**
     * A gateway that reads {@code file} with {@code env} for its {@code ${VAR}}s, watches it and
     * reloads it as a served gateway does. A reload keeps the port and master key set at start; the
     * file names its own store, state namespace and spool directory, since a reload reads them there.
     */
    public static TestGateway startWatching(Path file, Map<String, String> env) {
        try {
            GatewayConfig config = new ConfigLoader(env, Path.of(""), BuiltInGuardrails.READERS).load(file);
            return new TestGateway(config, null, CacheWiring.defaults(), new GatewayServer.ConfigSource(file, env));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static GatewayConfig parse(String yaml, Map<String, String> env) {
        try {
            return new ConfigLoader(env)
                    .withGuardrailTypes(BuiltInGuardrails.READERS)
                    .parse(yaml, "test config");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port() + "/v1";
    }

    public int port() {
        return server.port();
    }

    public OpenAIClient client() {
        return client(MASTER_KEY);
    }

    public OpenAIClient client(String apiKey) {
        return OpenAIOkHttpClient.builder()
                .baseUrl(baseUrl())
                .apiKey(apiKey)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(30))
                .build();
    }

    /** A raw POST for what an SDK will not send (bad JSON, wrong content type). */
    public HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30))
                .header("authorization", "Bearer " + MASTER_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("content-type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    public HttpClient http() {
        return http;
    }

    @Override
    public void close() {
        try {
            // Waits, so that the store and spool are closed before a @TempDir is deleted.
            server.stop().await(20, TimeUnit.SECONDS);
            vertx.close().await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the test gateway did not stop", e);
        }
    }
}
