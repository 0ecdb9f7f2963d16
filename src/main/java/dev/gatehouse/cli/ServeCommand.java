package dev.gatehouse.cli;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ShutdownSettings;
import dev.gatehouse.config.ZeroConfig;
import dev.gatehouse.guardrail.stage.BuiltInGuardrails;
import dev.gatehouse.server.GatewayServer;
import dev.gatehouse.server.IoTransports;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatehouse serve}: runs the gateway until the process is stopped. */
@Command(name = "serve", description = "Run the gateway.", mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {

    /** What a shutdown may take beyond the grace period and the drain: storing the spool, closing stores. */
    private static final Duration FLUSH_ALLOWANCE = Duration.ofSeconds(20);

    @Option(names = "--port", description = "Port to listen on (default: the config's, else 8080).")
    @Nullable
    Integer port;

    @Option(
            names = "--host",
            description = "Address to listen on (default: the config's server.host, else 127.0.0.1; "
                    + "0.0.0.0 for every interface).")
    String host;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "YAML config file. Without it, providers come from OPENAI_API_KEY / OPENAI_BASE_URL, "
                    + "and the built-in mock model answers when none is set.")
    @Nullable
    Path configFile;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = DataDirectory.OPTION_DEFAULT,
            description = "Where the SQLite store, the usage spool and a generated master key live unless the config "
                    + "places them (default: $GATEHOUSE_DATA_DIR, else ./" + DataDirectory.DEFAULT + ").")
    Path dataDir;

    @Option(names = "--instances", description = "HTTP event loops to run (default: one per core).")
    int instances;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        SmallInitialHeap.applyOrContinue();
        G1HeapReturn.apply();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> env = System.getenv();
        Path data;
        try {
            data = DataDirectory.prepare(dataDir);
        } catch (IOException e) {
            err.println("gatehouse could not create its data directory " + dataDir + ": " + e);
            return 1;
        }
        GatewayConfig config;
        try {
            config = configFile == null
                    ? ZeroConfig.load(env, data)
                    : new ConfigLoader(env, data, BuiltInGuardrails.READERS).load(configFile);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (port != null) {
            config = config.withServer(config.server().withPort(port));
        }
        if (host != null) {
            config = config.withServer(config.server().withHost(host));
        }
        try {
            config = withMasterKey(config, env, data, out, err);
        } catch (IOException e) {
            err.println("gatehouse could not read or write its master key file: " + e);
            return 1;
        }

        Vertx vertx;
        try {
            vertx = IoTransports.vertx(config.server().ioTransport());
        } catch (IllegalStateException e) {
            err.println(e.getMessage());
            return 2;
        }
        GatewayServer server;
        try {
            // With a file, the server watches it and POST /admin/v1/config/reload rereads it.
            GatewayServer.ConfigSource source =
                    configFile == null ? null : new GatewayServer.ConfigSource(configFile, env, data);
            server = GatewayServer.start(vertx, config, instances, source).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            err.println("gatehouse could not start: " + e.getMessage());
            vertx.close();
            return 1;
        }
        out.printf("Data directory: %s%n", data);
        out.printf(
                "Gatehouse listening on http://%s:%d (providers: %s)%n",
                config.server().host(),
                server.port(),
                String.join(", ", config.providers().keySet()));
        out.flush();
        NativeHeapTrim trim = NativeHeapTrim.start(vertx);
        RunUntilStopped.await(
                () -> {
                    trim.stop();
                    return server.shutdown().eventually(vertx::close);
                },
                () -> {
                    ShutdownSettings plan = server.state().config().server().shutdown();
                    return plan.gracePeriod().plus(plan.drainTimeout()).plus(FLUSH_ALLOWANCE);
                });
        return 0;
    }

    /**
     * The master key from the config, else GATEHOUSE_MASTER_KEY, else the data directory's key
     * file, created with a new key (printed this once) when there is none. Only a new key is ever
     * printed; otherwise the console says where the key is.
     */
    private static GatewayConfig withMasterKey(
            GatewayConfig config, Map<String, String> env, Path data, PrintWriter out, PrintWriter err)
            throws IOException {
        if (config.server().masterKey() != null && !config.server().masterKey().isBlank()) {
            return config;
        }
        String fromEnv = env.get("GATEHOUSE_MASTER_KEY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return config.withServer(config.server().withMasterKey(fromEnv.trim()));
        }
        MasterKeyFile file = new MasterKeyFile(data);
        MasterKeyFile.Key key = file.readOrCreate();
        if (key.created()) {
            out.println("GATEHOUSE_MASTER_KEY was not set; generated a master key (shown once), kept owner-only in "
                    + file.path() + ":");
            out.println("  " + key.value());
        } else {
            out.println("Master key: read from " + file.path() + " (GATEHOUSE_MASTER_KEY overrides it)");
        }
        if (key.readableByOthers()) {
            err.println("warning: " + file.path() + " can be read or changed by other users; run: chmod 600 "
                    + file.path());
        }
        out.flush();
        return config.withServer(config.server().withMasterKey(key.value()));
    }
}
