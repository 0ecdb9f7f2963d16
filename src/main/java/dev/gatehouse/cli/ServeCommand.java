package dev.gatehouse.cli;

import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.config.ZeroConfig;
import dev.gatehouse.server.GatewayServer;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
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

    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    @Option(names = "--port", description = "Port to listen on (default: the config's, else 8080).")
    @Nullable Integer port;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML config file. Without it, providers come from OPENAI_API_KEY / OPENAI_BASE_URL, "
                    + "and the built-in mock model answers when none is set.")
    @Nullable Path configFile;

    @Option(names = "--instances", description = "HTTP event loops to run (default: one per core).")
    int instances;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> env = System.getenv();
        GatewayConfig config;
        try {
            config = configFile == null ? ZeroConfig.fromEnvironment(env) : new ConfigLoader(env).load(configFile);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (port != null) {
            config = config.withServer(config.server().withPort(port));
        }
        config = withMasterKey(config, env, out);

        Vertx vertx = Vertx.vertx();
        GatewayServer server;
        try {
            server = GatewayServer.start(vertx, config, instances).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            err.println("gatehouse could not start: " + e.getMessage());
            vertx.close();
            return 1;
        }
        out.printf("Gatehouse listening on http://%s:%d (providers: %s)%n",
                config.server().host(), server.port(), String.join(", ", config.providers().keySet()));
        out.flush();
        RunUntilStopped.await(() -> server.stop().eventually(vertx::close));
        return 0;
    }

    /** The master key from the config, else GATEHOUSE_MASTER_KEY, else a new one printed once. */
    private static GatewayConfig withMasterKey(GatewayConfig config, Map<String, String> env, PrintWriter out) {
        if (config.server().masterKey() != null && !config.server().masterKey().isBlank()) {
            return config;
        }
        String fromEnv = env.get("GATEHOUSE_MASTER_KEY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return config.withServer(config.server().withMasterKey(fromEnv.trim()));
        }
        String generated = generateKey();
        out.println("GATEHOUSE_MASTER_KEY was not set; generated a master key for this run (shown once):");
        out.println("  " + generated);
        return config.withServer(config.server().withMasterKey(generated));
    }

    private static String generateKey() {
        SecureRandom random = new SecureRandom();
        StringBuilder key = new StringBuilder("sk-gh-");
        for (int i = 0; i < 40; i++) {
            key.append(KEY_ALPHABET.charAt(random.nextInt(KEY_ALPHABET.length())));
        }
        return key.toString();
    }
}
