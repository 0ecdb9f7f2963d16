package dev.gatehouse.server;

import dev.gatehouse.auth.KeyStore;
import dev.gatehouse.budget.SpendSource;
import dev.gatehouse.config.ConnectionLimits;
import dev.gatehouse.config.DialectOptions;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.MetricsAccess;
import dev.gatehouse.config.MockSettings;
import dev.gatehouse.config.ModelGroup;
import dev.gatehouse.config.ProviderSettings;
import dev.gatehouse.config.ProviderType;
import dev.gatehouse.config.ServerSettings;
import dev.gatehouse.config.StoreSettings;
import dev.gatehouse.config.Timeouts;
import dev.gatehouse.config.UsageSettings;
import dev.gatehouse.dispatch.ProviderAdapters;
import dev.gatehouse.guardrail.stage.GuardrailCatalog;
import dev.gatehouse.mcp.McpGateway;
import dev.gatehouse.metering.UsageRecorder;
import dev.gatehouse.metering.UsageSink;
import dev.gatehouse.observability.GatewayMetrics;
import dev.gatehouse.provider.mock.MockUpstream;
import dev.gatehouse.responsestore.MemoryResponseStore;
import dev.gatehouse.responsestore.ResponseArchive;
import dev.gatehouse.routing.DeploymentRegistry;
import dev.gatehouse.time.GatewayClock;
import dev.gatehouse.time.VertxClock;
import dev.gatehouse.tracing.Tracing;
import dev.gatehouse.usage.Cost;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warm-up: a dress rehearsal of the request path on a private stage. The first request a JVM
 * serves pays for loading and initializing a few thousand classes (the router, Jackson's
 * serializers, the tokenizer's vocabulary, the pipeline's stages, the upstream HTTP client, the
 * SSE encoders), a second or more; the rehearsal pays it before {@code /readyz} says ready.
 *
 * <p>It starts a second, private HTTP front on a free loopback port, built from throwaway parts (a
 * config with one key and one embedded mock provider, memory counters, a usage recorder that
 * stores nothing, its own metrics registry, no admin API) and an embedded mock on another loopback
 * port, and sends real HTTP requests through it: a chat completion, the same streamed, and an
 * Anthropic message streamed, {@value #ROUNDS} times each. The code that runs is the code a client's
 * request runs (the same classes, the same stages in the same order); the state it touches is its
 * own, so no key, limit, budget, usage record or metric of the gateway sees it, and no configured
 * provider is contacted. It then stops its front and its mock.
 */
final class Rehearsal implements WarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(Rehearsal.class);
    static final int ROUNDS = 3;
    private static final String HOST = "127.0.0.1";
    private static final String MODEL = "gatehouse-warm-up";

    @Override
    public Future<Void> run(Vertx vertx, BooleanSupplier stopping) {
        GatewayClock clock = new VertxClock(vertx);
        long started = clock.nanoTime();
        MockUpstream mock = new MockUpstream(vertx, new MockSettings(Duration.ZERO, Duration.ZERO, 8, 0.0, 500), clock);
        String key = "sk-gh-warm-up-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        return mock.start(HOST, 0)
                .compose(mockPort -> {
                    GatewayConfig config = config(key, "http://" + HOST + ":" + mockPort + "/v1");
                    ProviderAdapters adapters = new ProviderAdapters(clock);
                    GatewayState state = GatewayState.of(
                            config,
                            new DeploymentRegistry(clock, () -> config.router().breaker()),
                            adapters,
                            new KeyStore.Snapshot(List.of(), List.of(), List.of()),
                            clock,
                            List.of());
                    Cost cost = new Cost();
                    HttpFront front = new HttpFront(
                            new FrontParts(
                                    () -> state,
                                    new UsageRecorder(UsageSink.OFF, cost, null, clock),
                                    cost,
                                    new GatewayMetrics(),
                                    CounterState.of(vertx, clock, config.state(), SpendSource.NOTHING),
                                    null,
                                    new ConnectionCounts(),
                                    () -> Readiness.READY,
                                    clock,
                                    adapters,
                                    ResponseCaches.of(
                                            vertx, clock, config, null, CacheWiring.defaults(), () -> state, adapters),
                                    new ResponseArchive(vertx, new MemoryResponseStore(), clock),
                                    Tracing.off(),
                                    new GuardrailCatalog(entry -> {
                                        throw new IllegalStateException("the warm-up config has no guardrails");
                                    }),
                                    new McpGateway(vertx, clock, null),
                                    null,
                                    (summary, cfg) -> {},
                                    null),
                            0);
                    return vertx.deployVerticle(front).compose(deployment -> {
                        HttpClient client = vertx.createHttpClient();
                        return rounds(client, front.actualPort(), key, stopping, 0)
                                .eventually(() -> client.close())
                                .eventually(() -> vertx.undeploy(deployment));
                    });
                })
                .eventually(mock::stop)
                .onSuccess(v -> LOG.info("warm-up done in {} ms", clock.millisSince(started)));
    }

    private static Future<Void> rounds(HttpClient client, int port, String key, BooleanSupplier stopping, int round) {
        if (round == ROUNDS || stopping.getAsBoolean()) {
            return Future.succeededFuture();
        }
        String chat = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]";
        String message = "{\"model\":\"" + MODEL + "\",\"max_tokens\":16,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]}";
        return send(client, port, key, "/v1/chat/completions", chat + "}")
                .compose(v -> send(client, port, key, "/v1/chat/completions", chat + ",\"stream\":true}"))
                .compose(v -> send(client, port, key, "/v1/messages", message))
                .compose(v -> rounds(client, port, key, stopping, round + 1));
    }

    /** One request, read to its end; an answer other than 200 fails the warm-up (it shows the path is broken). */
    private static Future<Void> send(HttpClient client, int port, String key, String path, String body) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setHost(HOST)
                .setPort(port)
                .setURI(path)
                .putHeader("authorization", "Bearer " + key)
                .putHeader("content-type", "application/json");
        return client.request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().compose(answer -> check(response, path, answer)));
    }

    private static Future<Void> check(HttpClientResponse response, String path, Buffer answer) {
        if (response.statusCode() != 200) {
            return Future.failedFuture(new IllegalStateException(
                    "the warm-up's " + path + " was answered " + response.statusCode() + ": " + answer));
        }
        return Future.succeededFuture();
    }

    /** A config of its own: one key, every model on the embedded mock, no limits, no usage log, no access log. */
    private static GatewayConfig config(String key, String mockUrl) {
        ServerSettings server = new ServerSettings(
                HOST,
                0,
                key,
                ServerSettings.DEFAULT_MAX_BODY_BYTES,
                ServerSettings.DEFAULT_STREAM_IDLE_TIMEOUT,
                false,
                MetricsAccess.defaults(),
                ConnectionLimits.defaults());
        ProviderSettings mock = new ProviderSettings(
                "warm-up",
                ProviderType.MOCK,
                mockUrl,
                null,
                Map.of(),
                Timeouts.defaults(server.streamIdleTimeout()),
                MockSettings.defaults(),
                DialectOptions.none());
        UsageSettings usage = UsageSettings.defaults();
        return GatewayConfig.builder(
                        server,
                        Map.of(mock.name(), mock),
                        List.of(ModelGroup.single("*", mock.name(), null)),
                        StoreSettings.defaults(),
                        new UsageSettings(
                                usage.prices(),
                                false,
                                usage.spoolDir(),
                                usage.batchSize(),
                                usage.flushInterval(),
                                null,
                                false))
                .build();
    }
}
