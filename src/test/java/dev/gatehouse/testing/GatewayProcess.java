package dev.gatehouse.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gatehouse.cli.GatehouseCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code gatehouse serve --config FILE} as a separate JVM on the test classpath, for tests of several replicas. */
public final class GatewayProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Gatehouse listening on http://[^:]+:(\\d+)");

    private final Process process;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private final int port;

    private GatewayProcess(Path config, List<String> jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                GatehouseCommand.class.getName(),
                "serve",
                "--port",
                "0",
                "--instances",
                "1",
                "--config",
                inRunNamespace(config).toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .directory(Files.createTempDirectory("gatehouse-replica").toFile());
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("GATEHOUSE_") || k.endsWith("_API_KEY"));
        process = builder.start();
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int found = -1;
        for (String line = reader.readLine(); line != null && System.nanoTime() < deadline; line = reader.readLine()) {
            output.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                found = Integer.parseInt(m.group(1));
                break;
            }
        }
        if (found < 0) {
            process.destroy();
            throw new AssertionError("gateway process did not start: " + output);
        }
        port = found;
        Thread drain = new Thread(() -> reader.lines().forEach(output::add), "gateway-process-output");
        drain.setDaemon(true);
        drain.start();
    }

    /**
     * {@code config}, or when it keeps state in Redis without naming a namespace, a copy beside it
     * with the run's namespace ({@link TestServices#redisNamespace()}), so the keys the process makes
     * are deleted when the run ends. Both copies of one config get the same namespace, so replicas
     * started from one file still share their state.
     */
    private static Path inRunNamespace(Path config) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        JsonNode root = yaml.readTree(config.toFile());
        if (!(root instanceof ObjectNode top)) {
            return config;
        }
        JsonNode state = top.path("state");
        ObjectNode redisState;
        if (state.isTextual() && state.asText().equalsIgnoreCase("redis")) {
            redisState = top.putObject("state").put("type", "redis");
        } else if (state instanceof ObjectNode object
                && object.path("type").asText().equalsIgnoreCase("redis")
                && !object.has("namespace")) {
            redisState = object;
        } else {
            return config;
        }
        redisState.put("namespace", TestServices.redisNamespace());
        Path copy = config.resolveSibling(config.getFileName() + ".namespaced.yaml");
        yaml.writeValue(copy.toFile(), root);
        return copy;
    }

    public static GatewayProcess start(Path config) throws Exception {
        return new GatewayProcess(config, List.of());
    }

    /** Started with these JVM options before the class path. */
    public static GatewayProcess start(Path config, String... jvmOptions) throws Exception {
        return new GatewayProcess(config, List.of(jvmOptions));
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    public List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
