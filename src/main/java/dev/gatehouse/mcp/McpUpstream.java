package dev.gatehouse.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.config.McpServerSettings;
import dev.gatehouse.config.RouterSettings.BreakerSettings;
import dev.gatehouse.routing.CircuitBreaker;
import dev.gatehouse.time.GatewayClock;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * One tool server behind {@code /mcp}: its SDK client, its tools, its circuit breaker, and its
 * reconnection. A remote server is connected again after a transport failure; a {@code stdio}
 * server is started again when its process exits, in both cases with a doubling backoff (1 s up to
 * 30 s). Each call has the server's timeout, enforced by a gateway timer, so a call never hangs.
 *
 * <p>The SDK runs its I/O on its own Reactor threads (a {@code stdio} server's output is read
 * on threads of its own, never an event loop); results come back to the caller's Vert.x context.
 * Thread-safe: connection state changes under this object's lock.
 */
final class McpUpstream {

    private static final Logger LOG = LoggerFactory.getLogger(McpUpstream.class);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** Where the server is in its life. */
    enum Health {
        CONNECTING,
        UP,
        DOWN,
        CLOSED
    }

    private final McpServerSettings settings;
    private final GatewayClock clock;
    private final Context home;
    private final UpstreamConnector connector;
    private final CircuitBreaker breaker;
    private final Runnable toolsChanged;

    private @Nullable McpAsyncClient client;
    private List<McpSchema.Tool> tools = List.of();
    private Health health = Health.CONNECTING;
    private @Nullable String lastError;
    private int failedConnects;
    private int restarts;
    private long generation;

    /**
     * @param home the context its reconnection timers run on
     * @param toolsChanged called (on any thread) when the server's tool list changed
     */
    McpUpstream(McpServerSettings settings, GatewayClock clock, Context home, HttpClient http, Runnable toolsChanged) {
        this.settings = settings;
        this.clock = clock;
        this.home = home;
        this.connector = new UpstreamConnector(settings, http, clock);
        this.breaker = new CircuitBreaker(
                new BreakerSettings(
                        settings.failureThreshold(),
                        1.0,
                        Integer.MAX_VALUE,
                        Duration.ofMinutes(1),
                        settings.cooldown(),
                        1),
                clock);
        this.toolsChanged = toolsChanged;
    }

    McpServerSettings settings() {
        return settings;
    }

    String name() {
        return settings.name();
    }

    synchronized List<McpSchema.Tool> tools() {
        return tools;
    }

    /** What {@code GET /admin/v1/mcp} shows of this server: never its credentials. */
    synchronized Status status() {
        OAuthTokens tokens = connector.tokens();
        return new Status(
                settings.name(),
                settings.transport().wireName(),
                health.name().toLowerCase(java.util.Locale.ROOT),
                breaker.state().name().toLowerCase(java.util.Locale.ROOT),
                tools.stream().map(McpSchema.Tool::name).sorted().toList(),
                lastError,
                restarts,
                tokens == null ? null : tokens.fetched());
    }

    /** @param oauthTokensFetched tokens fetched from the OAuth endpoint, or null without OAuth */
    record Status(
            String name,
            String transport,
            String health,
            String breaker,
            List<String> tools,
            @Nullable String lastError,
            int restarts,
            @Nullable Integer oauthTokensFetched) {}

    /** Connects (starts the process of a stdio server) and lists its tools, in the background. */
    void start() {
        connect();
    }

    private void connect() {
        long gen;
        McpAsyncClient next;
        McpClientTransport transport;
        synchronized (this) {
            if (health == Health.CLOSED) {
                return;
            }
            gen = ++generation;
            health = Health.CONNECTING;
            try {
                transport = connector.transport();
                next = connector.client(transport, listed -> toolsListed(gen, listed));
            } catch (RuntimeException e) {
                connectFailed(gen, e);
                return;
            }
            client = next;
        }
        next.initialize()
                .then(next.listTools())
                .subscribe(listed -> connected(gen, next, transport, listed.tools()), e -> connectFailed(gen, e));
    }

    private void connected(
            long gen, McpAsyncClient connected, McpClientTransport transport, List<McpSchema.Tool> listed) {
        synchronized (this) {
            if (gen != generation || health == Health.CLOSED) {
                connected.close();
                return;
            }
            health = Health.UP;
            failedConnects = 0;
            lastError = null;
            tools = List.copyOf(listed);
        }
        LOG.info("mcp server {} connected: {} tools", settings.name(), listed.size());
        if (transport instanceof StdioClientTransport stdio) {
            watchProcess(gen, stdio);
        }
        toolsChanged.run();
    }

    private void toolsListed(long gen, List<McpSchema.Tool> listed) {
        synchronized (this) {
            if (gen != generation || health != Health.UP) {
                return;
            }
            tools = List.copyOf(listed);
        }
        toolsChanged.run();
    }

    private void connectFailed(long gen, Throwable e) {
        synchronized (this) {
            if (gen != generation || health == Health.CLOSED) {
                return;
            }
            health = Health.DOWN;
            lastError = describe(e);
            failedConnects++;
        }
        LOG.warn("mcp server {} could not be reached: {}", settings.name(), describe(e));
        scheduleReconnect(gen);
    }

    /** A stdio server's process is waited for on a thread of its own; its exit restarts it. */
    private void watchProcess(long gen, StdioClientTransport stdio) {
        Thread watcher = new Thread(
                () -> {
                    stdio.awaitForExit();
                    lost(gen, "the process exited");
                },
                "gatehouse-mcp-stdio-" + settings.name());
        watcher.setDaemon(true);
        watcher.start();
    }

    /** The connection of generation {@code gen} is gone: reconnect (restart) after the backoff. */
    void lost(long gen, String why) {
        McpAsyncClient old;
        synchronized (this) {
            if (gen != generation || health == Health.CLOSED || health == Health.DOWN) {
                return;
            }
            health = Health.DOWN;
            lastError = why;
            restarts++;
            old = client;
            client = null;
        }
        LOG.warn("mcp server {} lost: {}; reconnecting", settings.name(), why);
        if (old != null) {
            old.close();
        }
        scheduleReconnect(gen);
    }

    private void scheduleReconnect(long gen) {
        int failures;
        synchronized (this) {
            failures = Math.max(0, failedConnects - 1);
        }
        Duration delay = FIRST_BACKOFF.multipliedBy(1L << Math.min(failures, 5));
        Duration wait = delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
        home.runOnContext(v -> clock.schedule(wait, () -> {
            synchronized (this) {
                if (gen != generation || health == Health.CLOSED) {
                    return;
                }
            }
            connect();
        }));
    }

    /** How a call ended, for the breaker and the record. */
    enum Failure {
        UNAVAILABLE,
        TIMEOUT,
        UPSTREAM_ERROR
    }

    /** A call that did not get a result from the server. */
    static final class CallFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final Failure failure;
        final transient @Nullable JsonNode rpcError;

        CallFailed(Failure failure, String message, @Nullable JsonNode rpcError) {
            super(message, null, false, false);
            this.failure = failure;
            this.rpcError = rpcError;
        }
    }

    /**
     * Calls {@code tool} (the server's own name). Fails with {@link CallFailed} when the breaker is
     * open, the server is not connected, the timeout passes, or the server answers a JSON-RPC error.
     * Completes on {@code context}, which must be the caller's.
     */
    Future<McpSchema.CallToolResult> call(String tool, Map<String, Object> arguments, Context context) {
        McpAsyncClient current;
        long gen;
        synchronized (this) {
            current = client;
            gen = generation;
            if (current == null || health != Health.UP) {
                return Future.failedFuture(new CallFailed(
                        Failure.UNAVAILABLE, "The tool server '" + settings.name() + "' is not connected.", null));
            }
        }
        if (!breaker.tryAcquire()) {
            return Future.failedFuture(new CallFailed(
                    Failure.UNAVAILABLE,
                    "The tool server '" + settings.name() + "' is unavailable (its circuit breaker is open).",
                    null));
        }
        Promise<McpSchema.CallToolResult> result = Promise.promise();
        AtomicBoolean settled = new AtomicBoolean();
        Disposable subscription = current.callTool(new McpSchema.CallToolRequest(tool, arguments))
                .subscribe(
                        r -> context.runOnContext(v -> {
                            if (settled.compareAndSet(false, true)) {
                                breaker.onSuccess();
                                result.complete(r);
                            }
                        }),
                        e -> context.runOnContext(v -> {
                            if (settled.compareAndSet(false, true)) {
                                result.fail(failed(gen, e));
                            }
                        }));
        GatewayClock.Timer timer = clock.schedule(settings.timeout(), () -> {
            if (settled.compareAndSet(false, true)) {
                subscription.dispose();
                breaker.onFailure(null);
                result.fail(new CallFailed(
                        Failure.TIMEOUT,
                        "The tool server '" + settings.name() + "' did not answer within "
                                + settings.timeout().toMillis() + " ms.",
                        null));
            }
        });
        return result.future().onComplete(done -> timer.cancel());
    }

    private CallFailed failed(long gen, Throwable e) {
        if (e instanceof McpError rpc && rpc.getJsonRpcError() != null) {
            // The server answered: it is up, the request was wrong. That says nothing about its health.
            breaker.onNeutral();
            return new CallFailed(Failure.UPSTREAM_ERROR, describe(e), SdkJson.tree(rpc.getJsonRpcError()));
        }
        breaker.onFailure(null);
        lost(gen, describe(e));
        return new CallFailed(
                Failure.UNAVAILABLE, "The tool server '" + settings.name() + "' failed: " + describe(e), null);
    }

    /** Stops the server's client (and its process). */
    void close() {
        McpAsyncClient old;
        synchronized (this) {
            health = Health.CLOSED;
            old = client;
            client = null;
            generation++;
        }
        if (old != null) {
            old.closeGracefully().onErrorComplete().subscribe();
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
