package dev.gatehouse.embed;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ShutdownSettings;
import dev.gatehouse.guardrail.Guardrail;
import dev.gatehouse.metering.UsageSink;
import dev.gatehouse.provider.ProviderAdapter;
import dev.gatehouse.server.Extensions;
import dev.gatehouse.server.GatewayServer;
import dev.gatehouse.server.IoTransports;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The gateway inside a Java application: the same server {@code gatehouse serve} runs (every
 * endpoint, the admin API, usage records, limits and budgets), started and stopped by the
 * application, with its own provider adapters, guardrails and usage sinks plugged in.
 *
 * <pre>{@code
 * try (Gatehouse gateway = Gatehouse.builder()
 *         .configYaml(yaml)                       // or configFile(path), or config(gatewayConfig)
 *         .provider("in-house", new MyAdapter())  // for providers declared with type: custom
 *         .guardrail(new MyGuardrail())           // for guardrails: entries with type: custom
 *         .usageSink(record -> ...)               // every usage record, beside the gateway's store
 *         .build()
 *         .start()) {
 *     int port = gateway.port();
 * }
 * }</pre>
 *
 * <p>{@link #start()} returns once the gateway listens; {@link #stop()} shuts it down gracefully
 * ({@code server.shutdown}: unready at once, a grace period, then a drain of the requests under way,
 * then usage flushed). Both block the calling thread: never call them on a Vert.x event loop. The
 * gateway runs on a Vert.x instance of its own. Thread-safe.
 */
public final class Gatehouse implements AutoCloseable {

    /** What a stop may take beyond the grace period and the drain: storing the spool, closing stores. */
    private static final Duration FLUSH_ALLOWANCE = Duration.ofSeconds(20);

    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final GatewayConfig config;
    private final GatewayServer.@Nullable ConfigSource source;
    private final int eventLoops;
    private final Extensions extensions;
    private @Nullable Vertx vertx;
    private @Nullable GatewayServer server;

    private Gatehouse(
            GatewayConfig config, GatewayServer.@Nullable ConfigSource source, int eventLoops, Extensions extensions) {
        this.config = config;
        this.source = source;
        this.eventLoops = eventLoops;
        this.extensions = extensions;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the gateway and returns once it listens. {@code /readyz} reports ready a moment later,
     * after the warm-up.
     *
     * @throws IllegalStateException when it is already running, or could not start (the cause says why)
     */
    public synchronized Gatehouse start() {
        if (server != null) {
            throw new IllegalStateException("Gatehouse is already running");
        }
        Vertx fresh = IoTransports.vertx(config.server().ioTransport());
        try {
            server = GatewayServer.start(fresh, config, eventLoops, source, extensions)
                    .await(START_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            fresh.close();
            throw new IllegalStateException("Gatehouse could not start: " + e.getMessage(), e);
        }
        vertx = fresh;
        return this;
    }

    /** The port the gateway listens on. */
    public int port() {
        return running().port();
    }

    /** The OpenAI-compatible base URL, {@code http://host:port/v1}. */
    public String baseUrl() {
        return "http://" + config.server().host() + ":" + port() + "/v1";
    }

    /** The master key: the admin API's key, and a client key for every model. */
    public String masterKey() {
        return Objects.requireNonNull(config.server().masterKey(), "build() sets the master key");
    }

    /** Whether {@code /readyz} reports ready: listening, warmed up, and not shutting down. */
    public boolean ready() {
        GatewayServer now = server;
        return now != null && now.ready();
    }

    /** The running server, for what this class does not wrap (state, metrics, the store). */
    public GatewayServer server() {
        return running();
    }

    /**
     * Shuts the gateway down gracefully and returns when it is down: unready at once, the grace
     * period, the drain, usage flushed, then the Vert.x instance closed. Does nothing when it is not
     * running.
     */
    public synchronized void stop() {
        GatewayServer now = server;
        Vertx loops = vertx;
        if (now == null || loops == null) {
            return;
        }
        server = null;
        vertx = null;
        ShutdownSettings plan = now.state().config().server().shutdown();
        Duration limit = plan.gracePeriod().plus(plan.drainTimeout()).plus(FLUSH_ALLOWANCE);
        try {
            now.shutdown().eventually(loops::close).await(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            loops.close();
            throw new IllegalStateException("Gatehouse did not stop cleanly: " + e.getMessage(), e);
        }
    }

    /** {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    private GatewayServer running() {
        GatewayServer now = server;
        if (now == null) {
            throw new IllegalStateException("Gatehouse is not running; call start()");
        }
        return now;
    }

    /**
     * How to build a {@link Gatehouse}: exactly one config source ({@link #configFile},
     * {@link #configYaml} or {@link #config}), and optionally the application's own parts. Not
     * thread-safe; use it on one thread.
     */
    public static final class Builder {

        private @Nullable Path file;
        private @Nullable String yaml;
        private @Nullable GatewayConfig code;
        private Map<String, String> env = System.getenv();
        private Path dataDir = Path.of("gatehouse-data");
        private @Nullable String masterKey;
        private @Nullable Integer port;
        private @Nullable String host;
        private int eventLoops;
        private final Map<String, ProviderAdapter> providers = new LinkedHashMap<>();
        private final Map<String, Guardrail> guardrails = new LinkedHashMap<>();
        private final List<UsageSink> usageSinks = new ArrayList<>();

        private Builder() {}

        /** A YAML config file, as {@code gatehouse serve --config} reads it; watched and reloaded on change. */
        public Builder configFile(Path configFile) {
            this.file = configFile;
            return this;
        }

        /** A YAML config, as the file would hold it. */
        public Builder configYaml(String configYaml) {
            this.yaml = configYaml;
            return this;
        }

        /** A config built in code ({@link GatewayConfig#builder}). */
        public Builder config(GatewayConfig config) {
            this.code = config;
            return this;
        }

        /** Where {@code ${NAME}} in a YAML config is looked up; the process environment unless set. */
        public Builder env(Map<String, String> variables) {
            this.env = Map.copyOf(variables);
            return this;
        }

        /**
         * Where the SQLite store and the usage spool live unless the config places them; created if
         * missing. {@code ./gatehouse-data} unless set. Not used by {@link #config(GatewayConfig)}.
         */
        public Builder dataDir(Path directory) {
            this.dataDir = directory;
            return this;
        }

        /**
         * The master key, when the config sets none; else {@code GATEHOUSE_MASTER_KEY} from
         * {@link #env}, else a random one ({@link Gatehouse#masterKey()}).
         */
        public Builder masterKey(String key) {
            this.masterKey = key;
            return this;
        }

        /** The port to listen on instead of the config's; 0 for any free port. */
        public Builder port(int listenPort) {
            this.port = listenPort;
            return this;
        }

        /** The address to listen on instead of the config's. */
        public Builder host(String listenHost) {
            this.host = listenHost;
            return this;
        }

        /** How many HTTP event loops to run; one per core unless set. */
        public Builder eventLoops(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("eventLoops must be 0 (one per core) or more");
            }
            this.eventLoops = count;
            return this;
        }

        /**
         * The adapter that speaks to the provider {@code name}, which the config declares with
         * {@code type: custom} and its {@code base_url}. The adapter translates; the gateway sends,
         * retries, times out, falls back and accounts, as for every provider. See
         * {@link ProviderAdapter} for its contract.
         */
        public Builder provider(String name, ProviderAdapter adapter) {
            if (providers.putIfAbsent(name, adapter) != null) {
                throw new IllegalArgumentException("a provider adapter is already registered as '" + name + "'");
            }
            return this;
        }

        /**
         * A guardrail that {@code guardrails:} entries of {@code type: custom} name by its
         * {@link Guardrail#name()}; policies ({@code guardrail_policies:}, keys, teams) then apply it
         * like any other. See {@link Guardrail} for its contract.
         */
        public Builder guardrail(Guardrail guardrail) {
            if (guardrails.putIfAbsent(guardrail.name(), guardrail) != null) {
                throw new IllegalArgumentException("a guardrail is already registered as '" + guardrail.name() + "'");
            }
            return this;
        }

        /**
         * A sink given every finished request's usage record, beside the gateway's own store. It is
         * called on event-loop threads and must not block (see {@link UsageSink}).
         */
        public Builder usageSink(UsageSink sink) {
            usageSinks.add(sink);
            return this;
        }

        /**
         * Reads and checks the config; starts nothing.
         *
         * @throws IllegalArgumentException when the config is missing, given twice or invalid (the
         *     message lists every problem with its path)
         */
        public Gatehouse build() {
            Extensions extensions = new Extensions(providers, guardrails, usageSinks);
            int sources = (file == null ? 0 : 1) + (yaml == null ? 0 : 1) + (code == null ? 0 : 1);
            if (sources != 1) {
                throw new IllegalArgumentException(
                        "give exactly one config: configFile(...), configYaml(...) or config(...)");
            }
            GatewayConfig config;
            GatewayServer.ConfigSource source = null;
            if (code != null) {
                config = code;
            } else {
                Path data = prepared(dataDir);
                ConfigLoader loader = new ConfigLoader(env, data, extensions.guardrailTypes());
                try {
                    if (file != null) {
                        config = loader.load(file);
                        source = new GatewayServer.ConfigSource(file, env, data);
                    } else {
                        config = loader.parse(Objects.requireNonNull(yaml, "one source is set"), "config");
                    }
                } catch (ConfigException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
            if (port != null) {
                config = config.withServer(config.server().withPort(port));
            }
            if (host != null) {
                config = config.withServer(config.server().withHost(host));
            }
            if (masterKey != null) {
                config = config.withServer(config.server().withMasterKey(masterKey));
            } else if (config.server().masterKey() == null
                    || config.server().masterKey().isBlank()) {
                String fromEnv = env.get("GATEHOUSE_MASTER_KEY");
                config = config.withServer(config.server()
                        .withMasterKey(fromEnv != null && !fromEnv.isBlank() ? fromEnv.trim() : randomKey()));
            }
            return new Gatehouse(config, source, eventLoops, extensions);
        }

        /** {@link #build()}, then {@link Gatehouse#start()}. */
        public Gatehouse start() {
            return build().start();
        }

        private static Path prepared(Path directory) {
            try {
                return Files.createDirectories(directory.toAbsolutePath().normalize());
            } catch (IOException e) {
                throw new UncheckedIOException("could not create the data directory " + directory, e);
            }
        }

        private static String randomKey() {
            byte[] bytes = new byte[24];
            new SecureRandom().nextBytes(bytes);
            return "sk-gh-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
    }
}
