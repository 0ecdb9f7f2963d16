package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.gatehouse.testing.Await;
import dev.gatehouse.testing.FakeUpstream;
import io.vertx.core.transport.Transport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code gatehouse serve} as a real process, started the way the README says, with no config file. */
class ServeCommandEndToEndTest {

    private static final Pattern LISTENING = Pattern.compile("Gatehouse listening on http://[^:]+:(\\d+)");

    private Process process;
    private final List<String> output = new ArrayList<>();
    /** The working directory of every gateway this test starts, so a restart finds what the last run left. */
    private final Path workDir = Files.createTempDirectory("gatehouse-serve");

    ServeCommandEndToEndTest() throws java.io.IOException {}

    @AfterEach
    void stop() throws Exception {
        if (process != null) {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Stops the running gateway (SIGTERM) and forgets its output, to start another. */
    private void restart() throws Exception {
        stop();
        process = null;
        output.clear();
    }

    /** Starts the gateway and returns its port once it says it listens. */
    private int serve(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                GatehouseCommand.class.getName(),
                "serve",
                "--port",
                "0"));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).directory(workDir.toFile());
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("GATEHOUSE_") || k.endsWith("_API_KEY"));
        builder.environment().putAll(env);
        process = builder.start();
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (String line = reader.readLine(); line != null && System.nanoTime() < deadline; line = reader.readLine()) {
            output.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("gateway did not start: " + output);
    }

    private static OpenAIClient client(int port, String key) {
        return OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + port + "/v1")
                .apiKey(key)
                .maxRetries(0)
                .build();
    }

    @Test
    void withNothingConfiguredTheMockAnswersWithAGeneratedMasterKey() throws Exception {
        int port = serve(Map.of(), "--instances", "2");

        String generated = output.stream()
                .filter(l -> l.trim().startsWith("sk-gh-"))
                .findFirst()
                .orElseThrow()
                .trim();
        ChatCompletion completion = client(port, generated)
                .chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model("gpt-4o-mini")
                        .addUserMessage("Hello")
                        .build());

        assertThat(completion.choices().get(0).message().content())
                .get()
                .asString()
                .isNotBlank();
        assertThat(output).anyMatch(l -> l.contains("providers: mock"));
    }

    @Test
    void anOpenAiBaseUrlAndKeyFromTheEnvironmentRouteThere() throws Exception {
        try (FakeUpstream upstream = new FakeUpstream()) {
            int port = serve(Map.of(
                    "OPENAI_API_KEY",
                    "sk-upstream-from-env-000001",
                    "OPENAI_BASE_URL",
                    upstream.baseUrl(),
                    "GATEHOUSE_MASTER_KEY",
                    "sk-chosen-master-key-000001"));

            ChatCompletion completion = client(port, "sk-chosen-master-key-000001")
                    .chat()
                    .completions()
                    .create(ChatCompletionCreateParams.builder()
                            .model("gpt-4o-mini")
                            .addUserMessage("Hello")
                            .build());

            assertThat(completion.choices().get(0).message().content()).contains("Hello! How can I assist you today?");
            assertThat(upstream.lastReceived().headers().get("authorization"))
                    .isEqualTo("Bearer sk-upstream-from-env-000001");
            assertThat(output)
                    .noneMatch(l -> l.contains("sk-chosen-master-key-000001") || l.contains("sk-upstream-from-env"));
        }
    }

    private static HttpResponse<String> post(int port, String path, String key, String body) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .header("authorization", "Bearer " + key)
                                .header("content-type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static int chat(int port, String key) throws Exception {
        return post(
                        port,
                        "/v1/chat/completions",
                        key,
                        "{\"model\":\"any\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .statusCode();
    }

    @Test
    void takesTheFastestIoTransportTheMachineAllowsOrTheOneTheConfigNames() throws Exception {
        String master = "sk-transport-master-key-0000001";
        String fastest = Transport.IO_URING.available() ? "io_uring" : Transport.EPOLL.available() ? "epoll" : "nio";
        int port = serve(Map.of("GATEHOUSE_MASTER_KEY", master), "--instances", "1");
        assertThat(output).anyMatch(l -> l.contains("\"I/O transport: " + fastest));
        assertThat(chat(port, master)).isEqualTo(200);

        restart();
        Path config = Files.createTempFile("gatehouse-transport", ".yaml");
        Files.writeString(
                config,
                "server:\n  io_transport: nio\nproviders:\n  m:\n    type: mock\nmodels:\n  - name: \"*\"\n"
                        + "    provider: m\n");
        port = serve(Map.of("GATEHOUSE_MASTER_KEY", master), "--instances", "1", "--config", config.toString());
        assertThat(output).anyMatch(l -> l.contains("I/O transport: nio (server.io_transport)"));
        assertThat(chat(port, master)).isEqualTo(200);
    }

    @Test
    void withAConfigFileAnEditReloadsItAndSoDoesTheReloadEndpoint() throws Exception {
        String master = "sk-reload-master-key-0000000001";
        String kept = "sk-reload-kept-key-00000000001";
        String dropped = "sk-reload-dropped-key-000000001";
        String providers = "providers:\n  m:\n    type: mock\nmodels:\n  - name: \"*\"\n    provider: m\n";
        Path config = Files.createTempFile("gatehouse-reload", ".yaml");
        Files.writeString(
                config,
                providers + "keys:\n  - id: kept\n    key: " + kept + "\n  - id: dropped\n    key: " + dropped + "\n");
        int port = serve(Map.of("GATEHOUSE_MASTER_KEY", master), "--instances", "1", "--config", config.toString());
        assertThat(chat(port, dropped)).isEqualTo(200);

        Files.writeString(config, providers + "keys:\n  - id: kept\n    key: " + kept + "\n");

        Await.until(
                "the key removed from the file is refused", Duration.ofSeconds(15), () -> chat(port, dropped) == 401);
        assertThat(chat(port, kept)).isEqualTo(200);
        HttpResponse<String> reload = post(port, "/admin/v1/config/reload", master, "");
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
    }

    @Test
    void theGeneratedMasterKeyIsKeptOwnerOnlyInTheDataDirectoryAndSurvivesARestart() throws Exception {
        int port = serve(Map.of(), "--instances", "1");
        String generated = output.stream()
                .filter(l -> l.trim().startsWith("sk-gh-"))
                .findFirst()
                .orElseThrow()
                .trim();
        Path data = workDir.resolve("gatehouse-data");
        Path keyFile = data.resolve("master.key");

        assertThat(Files.readString(keyFile).trim()).isEqualTo(generated);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                .isEqualTo("rw-------");
        assertThat(data.resolve("gatehouse.db")).exists();
        assertThat(data.resolve("gatehouse-spool")).isDirectory();
        assertThat(workDir.resolve("gatehouse.db")).doesNotExist();
        String keyPath = keyFile.toRealPath().toString();
        assertThat(output).anyMatch(l -> l.contains(keyPath));
        assertThat(chat(port, generated)).isEqualTo(200);

        restart();
        int again = serve(Map.of(), "--instances", "1");

        assertThat(chat(again, generated)).as("the same key after a restart").isEqualTo(200);
        assertThat(output).noneMatch(l -> l.contains(generated)).anyMatch(l -> l.contains(keyPath));

        restart();
        int overridden = serve(Map.of("GATEHOUSE_MASTER_KEY", "sk-env-master-key-00000000001"), "--instances", "1");

        assertThat(chat(overridden, "sk-env-master-key-00000000001"))
                .as("GATEHOUSE_MASTER_KEY wins")
                .isEqualTo(200);
        assertThat(chat(overridden, generated)).isEqualTo(401);
    }

    @Test
    void dataDirHoldsTheStoreTheSpoolAndTheKeyFile() throws Exception {
        Path chosen = workDir.resolve("elsewhere/state");

        int port = serve(Map.of(), "--instances", "1", "--data-dir", chosen.toString());

        String generated = output.stream()
                .filter(l -> l.trim().startsWith("sk-gh-"))
                .findFirst()
                .orElseThrow()
                .trim();
        assertThat(chat(port, generated)).isEqualTo(200);
        assertThat(Files.readString(chosen.resolve("master.key")).trim()).isEqualTo(generated);
        assertThat(chosen.resolve("gatehouse.db")).exists();
        assertThat(chosen.resolve("gatehouse-spool")).isDirectory();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(chosen)))
                .isEqualTo("rwx------");
        assertThat(workDir.resolve("gatehouse-data")).doesNotExist();
    }

    /**
     * The local address the kernel lists as listening on {@code port} (Linux /proc/net/tcp and
     * tcp6): "loopback", "any", or the raw hex address. No traffic is sent to find it.
     */
    private static String listeningAddress(int port) throws Exception {
        String hexPort = String.format("%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 3 && fields[1].endsWith(":" + hexPort) && fields[3].equals("0A")) {
                    String hex = fields[1].substring(0, fields[1].indexOf(':'));
                    String v4 = hex.length() == 8
                            ? hex
                            : hex.startsWith("0000000000000000FFFF0000") ? hex.substring(24) : null;
                    if ("0100007F".equals(v4) || hex.equals("00000000000000000000000001000000")) {
                        return "loopback";
                    }
                    return hex.chars().allMatch(c -> c == '0') ? "any" : hex;
                }
            }
        }
        throw new AssertionError("nothing listens on port " + port);
    }

    @Test
    void withoutAHostItListensOnLoopbackOnlyAndAHostOpensItWithMetricsBehindAKey() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Files.exists(Path.of("/proc/net/tcp")), "needs Linux /proc/net/tcp");
        int port = serve(Map.of("GATEHOUSE_MASTER_KEY", "sk-host-test-master-key-000001"), "--instances", "1");

        assertThat(listeningAddress(port)).isEqualTo("loopback");
        assertThat(output).anyMatch(l -> l.contains("Gatehouse listening on http://127.0.0.1:" + port));
        assertThat(HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .as("on loopback /metrics stays open")
                .isEqualTo(200);

        restart();
        int open = serve(
                Map.of("GATEHOUSE_MASTER_KEY", "sk-host-test-master-key-000001"),
                "--instances",
                "1",
                "--host",
                "0.0.0.0");

        assertThat(listeningAddress(open)).isEqualTo("any");
        HttpRequest.Builder metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + open + "/metrics"));
        assertThat(HttpClient.newHttpClient()
                        .send(metrics.build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(401);
        assertThat(HttpClient.newHttpClient()
                        .send(
                                metrics.header("authorization", "Bearer sk-host-test-master-key-000001")
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void refusesToStartOnAnInvalidConfigAndNamesThePath() throws Exception {
        Path config = java.nio.file.Files.createTempFile("gatehouse", ".yaml");
        java.nio.file.Files.writeString(config, "providers:\n  x:\n    type: azure\n");
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        GatehouseCommand.class.getName(),
                        "serve",
                        "--config",
                        config.toString())
                .redirectErrorStream(true);
        process = builder.start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(text).contains("providers.x.base_url: is required");
    }
}
