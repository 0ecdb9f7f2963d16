package dev.gatehouse.server;

import dev.gatehouse.admin.AdminServices;
import dev.gatehouse.alerts.AlertEngine;
import dev.gatehouse.auth.JdbcKeyStore;
import dev.gatehouse.auth.StoredKeys;
import dev.gatehouse.batch.BatchRunner;
import dev.gatehouse.batch.BatchService;
import dev.gatehouse.batch.JdbcBatchStore;
import dev.gatehouse.budget.Budget;
import dev.gatehouse.budget.BudgetScopes;
import dev.gatehouse.budget.BudgetSeeding;
import dev.gatehouse.budget.MemoryBudgetLedger;
import dev.gatehouse.budget.StoredSpendSource;
import dev.gatehouse.cache.ResponseCache;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.ConfigWarnings;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ShutdownSettings;
import dev.gatehouse.configstore.JdbcConfigStore;
import dev.gatehouse.dispatch.HealthChecker;
import dev.gatehouse.dispatch.ProviderAdapters;
import dev.gatehouse.guardrail.stage.BuiltInGuardrails;
import dev.gatehouse.guardrail.stage.GuardrailCatalog;
import dev.gatehouse.mcp.McpAccessStore;
import dev.gatehouse.mcp.McpGateway;
import dev.gatehouse.metering.UsageService;
import dev.gatehouse.metering.UsageWriter;
import dev.gatehouse.observability.GatewayMetrics;
import dev.gatehouse.prompts.JdbcPromptStore;
import dev.gatehouse.prompts.StoredPrompts;
import dev.gatehouse.redis.RedisClients;
import dev.gatehouse.responsestore.JdbcResponseStore;
import dev.gatehouse.responsestore.ResponseArchive;
import dev.gatehouse.responsestore.ResponsePurge;
import dev.gatehouse.routing.DeploymentInventory;
import dev.gatehouse.routing.DeploymentRegistry;
import dev.gatehouse.routing.RedisSharedHealth;
import dev.gatehouse.routing.SharedHealth;
import dev.gatehouse.store.Database;
import dev.gatehouse.time.GatewayClock;
import dev.gatehouse.time.VertxClock;
import dev.gatehouse.tracing.Tracing;
import dev.gatehouse.ui.AlertFeed;
import dev.gatehouse.ui.UiAssets;
import dev.gatehouse.ui.UiServices;
import dev.gatehouse.usage.TokenCounter;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: the embedded mock upstreams its config asks for, the health checker, and one
 * {@link HttpFront} per core on the configured port. Every front reads the current
 * {@link GatewayState} from one atomic reference, so a reload is seen by all of them at once while
 * requests already under way finish on the state they started with. Every part of it reads the
 * time and sets its timers through one {@link GatewayClock}, made here. Once the fronts listen, a
 * {@link WarmUp} runs the request path on a private stage; {@code /readyz} reports ready after it.
 */
public final class GatewayServer {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    /** How long start-up waits for a crashed process's spool to be stored, then for the spend read (see BudgetSeeding). */
    private static final Duration SEED_REPLAY_WAIT = Duration.ofSeconds(10);

    private static final Duration SEED_READ_WAIT = Duration.ofSeconds(5);
    /** The longest the warm-up may hold back readiness; past it the gateway reports ready regardless. */
    private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(30);

    /**
     * Where the config came from, so it can be read again on reload.
     *
     * @param dataDir the data directory the config was loaded with (see {@link ConfigLoader})
     */
    public record ConfigSource(Path file, Map<String, String> env, Path dataDir) {

        /** A file whose default file locations are in the working directory. */
        public ConfigSource(Path file, Map<String, String> env) {
            this(file, env, Path.of(""));
        }
    }

    /** A mock upstream serving one provider name, with the settings it was started with. */
    private final Vertx vertx;

    private final GatewayClock clock;
    private final AtomicReference<GatewayState> state = new AtomicReference<>();
    private final DeploymentRegistry registry;
    private final @Nullable ConfigSource source;
    private final InProcessMocks mocks;
    private final @Nullable ConfigWatcher watcher;
    private Future<?> reloading = Future.succeededFuture();

    @SuppressWarnings("NullAway.Init") // set by start() before it hands the server out
    private Database database;
    /** The dashboard's scripts and styles, or null when {@code ui.enabled} is false. */
    private @Nullable UiAssets uiAssets;

    @SuppressWarnings("NullAway.Init") // set by start() before it hands the server out
    private StoredKeys storedKeys;

    @SuppressWarnings("NullAway.Init") // set by start() before it hands the server out
    private StoredPrompts storedPrompts;

    @SuppressWarnings("NullAway.Init") // set by start() before it hands the server out
    private StoredConfigWiring storedConfig;

    /** The file's config merged with the stored providers and models, served first. */
    @SuppressWarnings("NullAway.Init") // set by start() before it hands the server out
    private GatewayConfig firstServed;

    @SuppressWarnings("NullAway.Init") // set by start() before it hands the server out
    private CounterState counters;

    @SuppressWarnings("NullAway.Init") // set by start() before it hands the server out
    private UsageService usage;

    /** Breaker transitions told to and heard from the other instances (with Redis). */
    private SharedHealth sharedHealth = SharedHealth.LOCAL;

    @SuppressWarnings("NullAway.Init") // set with the database, before anything serves
    private ResponseArchive responses;

    private @Nullable GuardrailCatalog guardrails;

    @SuppressWarnings("NullAway.Init") // set with the database, before anything serves
    private ResponsePurge responsePurge;

    private final GatewayMetrics metrics = new GatewayMetrics();
    private final ProviderAdapters adapters;
    private final ConnectionCounts connectionCounts = new ConnectionCounts();
    private final WarmUp warmUp;

    @SuppressWarnings("NullAway.Init") // set by start() before it hands the server out
    private ResponseCache cache;

    @SuppressWarnings("NullAway.Init") // set with the database, before anything serves
    private McpGateway mcp;

    @SuppressWarnings("NullAway.Init") // set by start() before it hands the server out
    private AlertEngine alerts;

    @SuppressWarnings("NullAway.Init") // set with the database, before anything serves
    private BatchService batches;

    private @Nullable BatchRunner batchRunner;

    /** Started once from the first config: the exporter is a process-wide resource, not reloaded. */
    private Tracing tracing = Tracing.off();

    /** The config the gateway started with: what a reload cannot change is compared against it. */
    @SuppressWarnings("NullAway.Init") // set by start() before it hands the server out
    private GatewayConfig started;

    private Future<Void> warming = Future.succeededFuture();
    private volatile boolean ready;
    private volatile boolean stopping;
    /** Set when a shutdown begins: {@code /readyz} reports draining from then on. */
    private volatile boolean draining;

    private int port;
    private final Extensions extensions;
    /** The HTTP fronts Vert.x deployed, for a shutdown to drain. */
    private final List<HttpFront> fronts = new CopyOnWriteArrayList<>();
    /** The verticles that work in the background (health checks, alerts), for a shutdown to stop first. */
    private final List<String> background = new CopyOnWriteArrayList<>();

    private GatewayServer(
            Vertx vertx, GatewayClock clock, @Nullable ConfigSource source, WarmUp warmUp, Extensions extensions) {
        this.vertx = vertx;
        this.clock = clock;
        this.extensions = extensions;
        this.adapters = new ProviderAdapters(clock, extensions.providers());
        this.mocks = new InProcessMocks(vertx, clock);
        this.source = source;
        this.warmUp = warmUp;
        this.registry =
                new DeploymentRegistry(clock, () -> current().config().router().breaker());
        this.watcher = source == null ? null : new ConfigWatcher(vertx, clock, source.file(), this::reload);
    }

    public static Future<GatewayServer> start(Vertx vertx, GatewayConfig config, int instances) {
        return start(vertx, config, instances, null);
    }

    /**
     * Starts serving {@code config}, whose master key must be set.
     *
     * @param instances how many HTTP fronts (event loops) to run; 0 means one per core
     * @param source the config file to watch and reload, or {@code null} when there is none
     */
    public static Future<GatewayServer> start(
            Vertx vertx, GatewayConfig config, int instances, @Nullable ConfigSource source) {
        return start(vertx, new VertxClock(vertx), config, instances, source);
    }

    /**
     * Starts serving {@code config} on {@code clock}: the system's clocks and Vert.x timers in
     * production, a clock the test moves in tests.
     */
    public static Future<GatewayServer> start(
            Vertx vertx, GatewayClock clock, GatewayConfig config, int instances, @Nullable ConfigSource source) {
        return start(vertx, clock, config, instances, source, new Rehearsal(), CacheWiring.defaults(), Extensions.NONE);
    }

    /** As {@link #start(Vertx, GatewayClock, GatewayConfig, int, ConfigSource)}, with the semantic cache built from {@code cacheWiring}. */
    public static Future<GatewayServer> start(
            Vertx vertx,
            GatewayClock clock,
            GatewayConfig config,
            int instances,
            @Nullable ConfigSource source,
            CacheWiring cacheWiring) {
        return start(vertx, clock, config, instances, source, new Rehearsal(), cacheWiring, Extensions.NONE);
    }

    /**
     * As {@link #start(Vertx, GatewayConfig, int, ConfigSource)}, with an embedding application's
     * own provider adapters, guardrails and usage sinks plugged in.
     */
    public static Future<GatewayServer> start(
            Vertx vertx, GatewayConfig config, int instances, @Nullable ConfigSource source, Extensions extensions) {
        return start(
                vertx,
                new VertxClock(vertx),
                config,
                instances,
                source,
                new Rehearsal(),
                CacheWiring.defaults(),
                extensions);
    }

    /** As {@link #start(Vertx, GatewayConfig, int, ConfigSource)}, with the warm-up to run before {@code /readyz} reports ready. */
    static Future<GatewayServer> start(
            Vertx vertx, GatewayConfig config, int instances, @Nullable ConfigSource source, WarmUp warmUp) {
        return start(
                vertx,
                new VertxClock(vertx),
                config,
                instances,
                source,
                warmUp,
                CacheWiring.defaults(),
                Extensions.NONE);
    }

    /**
     * Starts serving {@code config} on {@code clock}, with the warm-up to run before {@code /readyz}
     * reports ready. The returned future completes once the fronts listen and the config file's
     * first fingerprint is read; the warm-up runs after that, in the background.
     */
    static Future<GatewayServer> start(
            Vertx vertx,
            GatewayClock clock,
            GatewayConfig config,
            int instances,
            @Nullable ConfigSource source,
            WarmUp warmUp,
            CacheWiring cacheWiring,
            Extensions extensions) {
        GatewayServer server = new GatewayServer(vertx, clock, source, warmUp, extensions);
        List<String> unadapted = server.customWithoutAdapter(config);
        if (!unadapted.isEmpty()) {
            return Future.failedFuture(new IllegalStateException(String.join("; ", unadapted)));
        }
        ConfigWarnings.of(config).forEach(w -> LOG.warn("config: {}", w));
        server.alerts = new AlertEngine(
                () -> server.current().config(),
                server.registry,
                clock,
                config.alerts().keepResolved(),
                () -> server.counters.redis(),
                config.state().keyPrefix(),
                () -> server.usage.writer() == null ? 0 : server.usage.writer().backlog());
        return vertx.executeBlocking(
                        () -> {
                            server.tracing = Tracing.start(
                                    config.tracing(), () -> server.live(config).tracing());
                            server.started = config;
                            server.metrics.exportOverOtlp(
                                    config.metrics().otlp(), config.tracing().serviceName());
                            server.metrics.watchProcess(
                                    vertx,
                                    clock,
                                    server.registry,
                                    () -> server.live(config).metrics().maxModels());
                            Database db = Database.open(config.store());
                            server.usage = UsageService.open(config.usage(), db, clock, extensions.usageSinks());
                            server.counters = CounterState.of(
                                    vertx,
                                    clock,
                                    config.state(),
                                    new StoredSpendSource(vertx, server.usage.store(), SEED_READ_WAIT),
                                    server.alerts.budgetWatch());
                            io.vertx.redis.client.Redis redis = server.counters.redis();
                            if (redis != null) {
                                server.sharedHealth = new RedisSharedHealth(
                                        vertx,
                                        clock,
                                        redis,
                                        RedisClients.options(config.state()),
                                        config.state().keyPrefix());
                            }
                            server.cache = ResponseCaches.of(
                                    vertx,
                                    clock,
                                    config,
                                    server.counters.redis(),
                                    cacheWiring,
                                    server.state::get,
                                    server.adapters);
                            ServiceMetrics.register(
                                    server.metrics, server.usage, server.counters, server.connectionCounts);
                            AlertMetrics.register(server.metrics, server.alerts);
                            server.database = db;
                            server.uiAssets = config.ui().enabled() ? UiAssets.load() : null;
                            server.responses =
                                    new ResponseArchive(vertx, new JdbcResponseStore(db.dataSource()), clock);
                            server.responsePurge = new ResponsePurge(server.responses, clock);
                            server.mcp = new McpGateway(vertx, clock, new McpAccessStore(db.dataSource()));
                            server.batches = BatchService.open(
                                    vertx, clock, config.batches(), new JdbcBatchStore(db.dataSource()));
                            server.storedKeys = new StoredKeys(
                                    vertx,
                                    clock,
                                    new JdbcKeyStore(db.dataSource()),
                                    read -> {
                                        server.state.updateAndGet(s -> s.withStoredKeys(read, clock));
                                        // Admin changes of MCP access rules travel with the key changes.
                                        server.mcp.reloadAccess();
                                    },
                                    config.state());
                            server.storedKeys.load();
                            server.storedPrompts = new StoredPrompts(
                                    vertx,
                                    clock,
                                    new JdbcPromptStore(db.dataSource()),
                                    read -> server.state.updateAndGet(s -> s.withStoredPrompts(read)),
                                    config.state().keyPollInterval());
                            server.storedPrompts.load();
                            server.storedConfig = StoredConfigWiring.open(
                                    vertx,
                                    clock,
                                    config,
                                    new JdbcConfigStore(db.dataSource()),
                                    source != null ? source.env() : System.getenv(),
                                    server::serveStored);
                            server.firstServed = server.storedConfig.loadMerged();
                            return db;
                        },
                        false)
                .compose(db -> server.mocks.startFor(server.firstServed))
                .compose(running -> {
                    server.state.set(GatewayState.of(
                            running,
                            server.registry,
                            server.adapters,
                            server.storedKeys.snapshot(),
                            clock,
                            server.storedPrompts.templates()));
                    int fronts =
                            instances > 0 ? instances : Runtime.getRuntime().availableProcessors();
                    // Vert.x shares one listening socket among servers bound to the same port number, but
                    // port 0 is not a port: each front would pick its own. So a free port is chosen first.
                    int port = running.server().port() != 0
                            ? running.server().port()
                            : freePort(running.server().host());
                    return server.mcp
                            .start(running.mcp())
                            .compose(v -> server.seedBudgets())
                            .compose(v -> server.counters.start())
                            .compose(v -> {
                                // Known before the first request, so what other instances found down is read first.
                                DeploymentInventory.of(running)
                                        .forEach(d -> server.registry.get(d.provider(), d.model()));
                                return server.sharedHealth.start(server.registry);
                            })
                            .compose(v -> server.storedKeys.listen(() -> server.storedPrompts
                                    .refresh()
                                    .onFailure(e -> LOG.warn("prompt reload failed: {}", e.getMessage()))))
                            .onSuccess(v -> server.storedPrompts.listen())
                            .compose(v -> server.storedConfig.stored().listen())
                            .compose(v -> vertx.deployVerticle(new HealthChecker(
                                    () -> server.current().config(), server.registry, clock, server.adapters)))
                            .compose(id -> {
                                server.background.add(id);
                                return vertx.deployVerticle(server.alerts);
                            })
                            .compose(id -> {
                                server.background.add(id);
                                FrontParts parts = server.frontParts();
                                BatchRunner runner =
                                        new BatchRunner(server.batches, new BatchLines(vertx, parts), clock);
                                server.batchRunner = runner;
                                return vertx.deployVerticle(
                                                () -> {
                                                    HttpFront front = new HttpFront(parts, port);
                                                    server.fronts.add(front);
                                                    return front;
                                                },
                                                new DeploymentOptions().setInstances(fronts))
                                        .compose(fronts2 -> vertx.deployVerticle(runner));
                            })
                            .compose(id -> {
                                server.port = port;
                                server.responsePurge.start();
                                return server.watcher == null ? Future.<Void>succeededFuture() : server.watcher.start();
                            })
                            .map(v -> {
                                server.warmUpInBackground();
                                return server;
                            });
                });
    }

    /** What every front serves from: this gateway's state, counters, usage and metrics. */
    private FrontParts frontParts() {
        AdminServices admin = new AdminServices(
                vertx,
                storedKeys.store(),
                () -> current().keys(),
                storedKeys::changed,
                clock,
                () -> current().config(),
                registry,
                source != null ? this::reload : null,
                usage.store(),
                counters::redisHealth,
                () -> counters.instances() == null ? 0 : counters.instances().count(),
                cache,
                mcp,
                new AdminServices.Prompts(
                        storedPrompts.store(),
                        () -> current().prompts(),
                        // Prompt changes ride the key change bus, so other instances serve them at once.
                        () -> storedPrompts.refresh().compose(v -> storedKeys.tellOthers())),
                alerts,
                new AdminServices.StoredConfigs(storedConfig.stored(), storedConfig::base, storedConfig::check));
        return new FrontParts(
                state::get,
                usage.recorder(),
                usage.cost(),
                metrics,
                counters,
                admin,
                connectionCounts,
                () -> draining ? Readiness.DRAINING : ready ? Readiness.READY : Readiness.WARMING_UP,
                clock,
                adapters,
                cache,
                responses,
                tracing,
                guardrails(),
                mcp,
                uiAssets == null
                        ? null
                        : new UiServices(
                                admin, usage.requestLog(), database.dataSource(), AlertFeed.of(alerts), uiAssets),
                alerts.requestListener(),
                batches);
    }

    /** The guardrails' catalog, with the HTTP client and model judge their checks use; made once. */
    private GuardrailCatalog guardrails() {
        GuardrailCatalog catalog = guardrails;
        if (catalog == null) {
            catalog = new GuardrailCatalog(extensions
                    .registeredGuardrails()
                    .factory(BuiltInGuardrails.factory(new BuiltInGuardrails.Services(
                            vertx.createHttpClient(),
                            new GatewayModelJudge(vertx, clock, state::get, adapters, usage.recorder(), metrics)))));
            guardrails = catalog;
        }
        return catalog;
    }

    /** Runs the warm-up; readiness follows its end, whether it worked or not (it only saves the first clients time). */
    private void warmUpInBackground() {
        // The tokenizer first, on a worker: loaded lazily, the first request to count tokens would hold
        // its event loop for the seconds the encodings take to read. Not part of start, which stays quick.
        warming = vertx.executeBlocking(
                        () -> {
                            TokenCounter.load();
                            return true;
                        },
                        false)
                .compose(loaded -> warmUp.run(vertx, () -> stopping))
                .timeout(WARM_UP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
                .onFailure(e -> {
                    if (!stopping) {
                        LOG.warn("warm-up failed, reporting ready without it: {}", String.valueOf(e));
                    }
                })
                .otherwiseEmpty()
                .onComplete(done -> ready = true);
    }

    /** Whether {@code /readyz} reports ready: the fronts listen and the warm-up has ended. */
    public boolean ready() {
        return ready;
    }

    /** With {@code state: memory}, budgets start from the spend the usage store holds for this period. */
    private Future<Void> seedBudgets() {
        MemoryBudgetLedger ledger = counters.ledgerToSeed();
        if (ledger == null) {
            return Future.succeededFuture();
        }
        List<Budget> budgets =
                BudgetScopes.defined(storedKeys.snapshot(), current().config().limits());
        return new BudgetSeeding(vertx, SEED_REPLAY_WAIT, SEED_READ_WAIT, clock)
                .seed(ledger, budgets, usage.store(), usage.writer());
    }

    private static int freePort(String host) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return probe.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("no free port to listen on", e);
        }
    }

    /**
     * Reads the config file again and, if it is valid, switches every front to it. An invalid file
     * changes nothing: its problems are logged and returned. Reloads run one at a time.
     */
    public synchronized Future<GatewayConfig> reload() {
        if (source == null) {
            return Future.failedFuture(new IllegalStateException("the gateway was started without a config file"));
        }
        Future<GatewayConfig> next = reloading
                .transform(ignored -> vertx.executeBlocking(
                        () -> storedConfig.rebase(
                                new ConfigLoader(source.env(), source.dataDir(), extensions.guardrailTypes())
                                        .load(source.file())),
                        false))
                .compose(this::apply);
        reloading = next;
        return next.onFailure(e -> LOG.error("config reload rejected, keeping the running config: {}", e.getMessage()));
    }

    /** Serves the base merged with a new read of the stored config, after any reload under way. */
    private synchronized Future<GatewayConfig> serveStored(GatewayConfig merged) {
        Future<GatewayConfig> next = reloading.transform(ignored -> apply(merged));
        reloading = next;
        return next;
    }

    /**
     * Switches to {@code next}. The master key carries over when the new config sets none; the
     * address and port stay those the server listens on (changing them takes a restart).
     */
    Future<GatewayConfig> apply(GatewayConfig next) {
        GatewayConfig current = current().config();
        GatewayConfig withKey = next.server().masterKey() == null
                ? next.withServer(next.server()
                        .withMasterKey(Objects.requireNonNull(
                                current.server().masterKey(), "a running gateway has its master key")))
                : next;
        List<String> unadapted = customWithoutAdapter(withKey);
        if (!unadapted.isEmpty()) {
            return Future.failedFuture(new IllegalStateException(String.join("; ", unadapted)));
        }
        ConfigWarnings.of(withKey).forEach(w -> LOG.warn("config: {}", w));
        List<String> uncacheable = ResponseCaches.unservable(withKey, cache.embedders());
        if (!uncacheable.isEmpty()) {
            return Future.failedFuture(new IllegalStateException(String.join("; ", uncacheable)));
        }
        return mocks.startFor(withKey).map(running -> {
            mcp.reconfigure(running.mcp());
            alerts.configReloaded();
            state.set(GatewayState.of(
                    running.withServer(running.server()
                            .withHost(current.server().host())
                            .withPort(current.server().port())),
                    registry,
                    adapters,
                    storedKeys.snapshot(),
                    clock,
                    storedPrompts.templates()));
            LOG.info(
                    "config reloaded: {} providers, {} models, {} keys",
                    running.providers().size(),
                    running.models().size(),
                    running.keys().size());
            List<String> pending = RestartOnly.changed(started, running);
            if (!pending.isEmpty()) {
                LOG.warn("config reload: {} changed and take effect at the next restart", pending);
            }
            return running;
        });
    }

    /** A problem for each {@code custom} provider of {@code config} that no registered adapter speaks for. */
    private List<String> customWithoutAdapter(GatewayConfig config) {
        return config.providers().values().stream()
                .filter(adapters::missingCustom)
                .map(p -> "providers." + p.name() + ": type custom needs an adapter registered under '" + p.name()
                        + "' (Gatehouse.builder().provider(\"" + p.name() + "\", adapter)); none is")
                .toList();
    }

    public int port() {
        return port;
    }

    public GatewayState state() {
        return current();
    }

    /** The config now served, or {@code first} while start() has not set the first state yet. */
    private GatewayConfig live(GatewayConfig first) {
        GatewayState now = state.get();
        return now == null ? first : now.config();
    }

    /** The state now served; start() sets the first one before it hands the server out. */
    private GatewayState current() {
        return Objects.requireNonNull(state.get(), "start() sets the state before it hands the server out");
    }

    public DeploymentRegistry registry() {
        return registry;
    }

    /** The relational store (keys, usage); its methods block, so use it from worker threads. */
    public Database database() {
        return database;
    }

    /**
     * The settings a reload read but the running gateway keeps until it restarts (see
     * {@link RestartOnly}), compared with the config it started with.
     */
    public List<String> pendingRestart() {
        return RestartOnly.changed(started, current().config());
    }

    /** The Prometheus metrics served at {@code /metrics}. */
    public GatewayMetrics metrics() {
        return metrics;
    }

    /** The alert engine: alerts, rules, and the signals they read. */
    public AlertEngine alerts() {
        return alerts;
    }

    /** Usage accounting: the recorder, the durable writer and the usage store. */
    public UsageService usage() {
        return usage;
    }

    /**
     * Stops without cutting anyone off ({@code server.shutdown}): {@code /readyz} turns unready at
     * once while connections are still served for the grace period, so a load balancer notices and
     * stops sending; then the listener closes and the requests and streams under way get up to the
     * drain timeout to finish, after which the connections still answering are cut (and a warning
     * says how many); then background work stops and {@link #stop} flushes usage and closes the rest.
     */
    public Future<Void> shutdown() {
        draining = true;
        ShutdownSettings plan = current().config().server().shutdown();
        LOG.info(
                "shutting down: /readyz reports draining; serving new connections for {} ms more",
                plan.gracePeriod().toMillis());
        Promise<Void> graceOver = Promise.promise();
        clock.schedule(plan.gracePeriod(), graceOver::complete);
        return graceOver
                .future()
                .compose(v -> new FrontsDrain(clock, fronts, metrics.inFlight()).run(plan.drainTimeout()))
                .eventually(() -> Future.all(
                                background.stream().map(vertx::undeploy).toList())
                        .otherwiseEmpty())
                .eventually(this::stop)
                .onSuccess(v -> {
                    UsageWriter writer = usage.writer();
                    LOG.info(
                            "shut down: {} usage records stored in this run, {} left in the spool for the next start",
                            writer == null ? 0 : writer.stored(),
                            writer == null ? 0 : writer.backlog());
                });
    }

    public Future<Void> stop() {
        stopping = true;
        if (responsePurge != null) {
            responsePurge.stop();
        }
        if (watcher != null) {
            watcher.stop();
        }
        // Batch lines in flight finish and are recorded while the pipeline, upstreams and store still work.
        Future<Void> batchesStopped = batchRunner == null ? Future.succeededFuture() : batchRunner.finish();
        // The warm-up ends its rounds early once stopping is set, and then closes what it started.
        return batchesStopped.eventually(() -> warming).eventually(this::stopServices);
    }

    private Future<Void> stopServices() {
        List<Future<?>> stopping = new ArrayList<>();
        stopping.add(mocks.stopAll());
        if (storedKeys != null) {
            stopping.add(storedKeys.close());
        }
        if (mcp != null) {
            mcp.close();
        }
        if (storedPrompts != null) {
            storedPrompts.close();
        }
        if (storedConfig != null) {
            stopping.add(storedConfig.stored().close());
        }
        if (counters != null) {
            stopping.add(cache.close());
            stopping.add(sharedHealth.close().eventually(counters::close));
        }
        return Future.all(stopping)
                .eventually(() -> vertx.executeBlocking(
                        () -> {
                            if (usage != null) {
                                usage.close();
                            }
                            if (database != null) {
                                database.close();
                            }
                            tracing.close();
                            metrics.close();
                            return null;
                        },
                        false))
                .mapEmpty();
    }
}
