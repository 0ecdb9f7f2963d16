package dev.gatehouse.testing;

import static org.awaitility.Awaitility.await;

import dev.gatehouse.config.StateSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A real Redis Cluster of three masters and three replicas on loopback, made of Debian's
 * {@code redis-server} processes on ports free at start, with their data in a temporary directory
 * that {@link #close()} deletes. {@link #shared()} starts one per test JVM (stopped when the JVM
 * exits); a test that breaks the cluster on purpose starts its own with {@link #start()}. When
 * {@code redis-server} is missing or the cluster does not form, the test is skipped, or fails under
 * {@code CI=true} ({@link TestServices#missing}).
 *
 * <p>Nodes fail over fast: a master that stops answering for {@code cluster-node-timeout} (1 s) is
 * marked failed and its replica promoted, whatever the replica's data age
 * ({@code cluster-replica-validity-factor 0}); replicas sync at once
 * ({@code repl-diskless-sync-delay 0}), so a replica has the data before a test begins.
 */
public final class LocalRedisCluster implements AutoCloseable {

    private static final String SERVER =
            System.getenv().getOrDefault("GATEHOUSE_TEST_REDIS_SERVER", "/usr/bin/redis-server");
    private static final String CLI = System.getenv().getOrDefault("GATEHOUSE_TEST_REDIS_CLI", "/usr/bin/redis-cli");
    private static final int NODES = 6;
    private static final Duration FORMING = Duration.ofSeconds(30);
    private static @Nullable LocalRedisCluster shared;
    private static @Nullable String sharedFailure;

    /** One node: its client port, its cluster bus port, its directory and its process while it runs. */
    public static final class Node {
        private final int port;
        private final int busPort;
        private final Path dir;
        private @Nullable Process process;

        Node(int port, int busPort, Path dir) {
            this.port = port;
            this.busPort = busPort;
            this.dir = dir;
        }

        public int port() {
            return port;
        }

        public String url() {
            return "redis://127.0.0.1:" + port;
        }

        @Override
        public String toString() {
            return "127.0.0.1:" + port;
        }
    }

    private final Path root;
    private final List<Node> nodes = new ArrayList<>();

    private LocalRedisCluster(Path root) {
        this.root = root;
    }

    /**
     * The cluster this JVM's tests share, started on first use. When it could not start, every
     * later test skips (or fails) at once with the first attempt's reason rather than trying again.
     */
    public static synchronized LocalRedisCluster shared() {
        if (sharedFailure != null) {
            TestServices.missing(sharedFailure);
        }
        if (shared == null) {
            try {
                LocalRedisCluster started = start();
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "gatehouse-redis-cluster-stop"));
                shared = started;
            } catch (RuntimeException | AssertionError e) {
                sharedFailure = "a Redis Cluster (the first start failed: " + e.getMessage() + ")";
                throw e;
            }
        }
        return shared;
    }

    /** A cluster of its own, which the caller closes. */
    public static LocalRedisCluster start() {
        if (!Files.isExecutable(Path.of(SERVER)) || !Files.isExecutable(Path.of(CLI))) {
            TestServices.missing("a Redis Cluster from " + SERVER + " and " + CLI + " (not installed)");
        }
        LocalRedisCluster cluster;
        try {
            cluster = new LocalRedisCluster(Files.createTempDirectory("gatehouse-redis-cluster"));
        } catch (IOException e) {
            throw new IllegalStateException("no temporary directory for the Redis Cluster", e);
        }
        try {
            cluster.form();
        } catch (RuntimeException | IOException | AssertionError e) {
            String logs = cluster.logTails();
            cluster.close();
            TestServices.missing("a Redis Cluster started from " + SERVER + " (" + e.getMessage() + ")" + logs);
        }
        return cluster;
    }

    private void form() throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < NODES; i++) {
                ServerSocket client = new ServerSocket(0);
                ServerSocket bus = new ServerSocket(0);
                held.add(client);
                held.add(bus);
                Path dir = Files.createDirectories(root.resolve("node-" + i));
                nodes.add(new Node(client.getLocalPort(), bus.getLocalPort(), dir));
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        for (Node node : nodes) {
            launch(node);
        }
        for (Node node : nodes) {
            await().atMost(FORMING)
                    .ignoreExceptions()
                    .until(() -> "PONG".equals(cli(node, "PING").trim()));
        }
        List<String> create = new ArrayList<>(List.of(CLI, "--cluster", "create"));
        nodes.forEach(n -> create.add(n.toString()));
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        String created = run(create);
        if (!created.contains("All 16384 slots covered")) {
            throw new IllegalStateException("redis-cli --cluster create said: " + created);
        }
        awaitHealthy();
    }

    /**
     * Waits until every running node sees the cluster as ok with three masters serving every slot
     * and every replica's link to its master is up.
     */
    public void awaitHealthy() {
        await().atMost(FORMING)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    int masters = 0;
                    for (Node node : running()) {
                        if (!cli(node, "CLUSTER", "INFO").contains("cluster_state:ok")) {
                            return false;
                        }
                        String replication = cli(node, "INFO", "replication");
                        if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
                            return false;
                        }
                        if (replication.contains("role:master")) {
                            masters++;
                        }
                    }
                    return masters == 3;
                });
    }

    private List<Node> running() {
        return nodes.stream().filter(n -> n.process != null).toList();
    }

    /** Seed nodes for a client: every node, as {@code redis://} URLs. */
    public List<String> urls() {
        return nodes.stream().map(Node::url).toList();
    }

    /** State settings for a client of this cluster ({@code RedisClients.create(vertx, cluster.state())}). */
    public StateSettings state() {
        return new StateSettings(
                StateSettings.Kind.REDIS,
                urls().get(0),
                false,
                StateSettings.BudgetFailure.FAIL_CLOSED,
                null,
                StateSettings.DEFAULT_KEY_POLL_INTERVAL,
                "",
                urls());
    }

    /** The {@code state} section of a gateway keeping its state in this cluster, with {@code extra} lines indented inside it. */
    public String stateYaml(String... extra) {
        StringBuilder yaml = new StringBuilder("state:\n  redis:\n    mode: cluster\n    nodes:\n");
        urls().forEach(u -> yaml.append("      - ").append(u).append('\n'));
        for (String line : extra) {
            yaml.append("  ").append(line).append('\n');
        }
        return yaml.toString();
    }

    /** The running master that serves {@code key}'s hash slot. */
    public Node masterOf(String key) {
        Node any = running().get(0);
        int slot = Integer.parseInt(cli(any, "CLUSTER", "KEYSLOT", key).trim());
        for (String line : cli(any, "CLUSTER", "NODES").split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                String[] range = f[i].split("-");
                if (range[0].startsWith("[")) {
                    continue;
                }
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                if (slot >= from && slot <= to) {
                    int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
                    return nodes.stream()
                            .filter(n -> n.port == port)
                            .findFirst()
                            .orElseThrow();
                }
            }
        }
        throw new IllegalStateException("no master serves slot " + slot);
    }

    /** Whether {@code node} is a master now. */
    public boolean isMaster(Node node) {
        return cli(node, "ROLE").startsWith("master");
    }

    /** Kills {@code node} with SIGKILL, as a crash would: no shutdown, no goodbye to the cluster. */
    public void kill(Node node) {
        Process p = node.process;
        if (p != null) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            node.process = null;
        }
    }

    /** Starts a killed node again from its directory; it rejoins the cluster (as a replica if it was failed over). */
    public void restart(Node node) {
        launch(node);
        await().atMost(FORMING)
                .ignoreExceptions()
                .until(() -> "PONG".equals(cli(node, "PING").trim()));
    }

    private void launch(Node node) {
        List<String> command = List.of(
                SERVER,
                "--port",
                Integer.toString(node.port),
                "--bind",
                "127.0.0.1",
                "--cluster-enabled",
                "yes",
                "--cluster-port",
                Integer.toString(node.busPort),
                "--cluster-config-file",
                "nodes.conf",
                "--cluster-node-timeout",
                "1000",
                "--cluster-replica-validity-factor",
                "0",
                "--repl-diskless-sync-delay",
                "0",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                node.dir.toString(),
                "--logfile",
                node.dir.resolve("redis.log").toString());
        try {
            node.process = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + SERVER, e);
        }
    }

    /** Runs one command on {@code node} with redis-cli and returns what it printed. */
    public String cli(Node node, String... args) {
        List<String> command = new ArrayList<>(List.of(CLI, "-h", "127.0.0.1", "-p", Integer.toString(node.port)));
        command.addAll(List.of(args));
        return run(command);
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private String logTails() {
        StringBuilder out = new StringBuilder();
        for (Node node : nodes) {
            Path log = node.dir.resolve("redis.log");
            try {
                List<String> lines = Files.readAllLines(log);
                out.append("\n--- ")
                        .append(node)
                        .append(":\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size())));
            } catch (IOException e) {
                out.append("\n--- ").append(node).append(": no log");
            }
        }
        return out.toString();
    }

    /** Stops every node and deletes their data. */
    @Override
    public void close() {
        for (Node node : nodes) {
            kill(node);
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
