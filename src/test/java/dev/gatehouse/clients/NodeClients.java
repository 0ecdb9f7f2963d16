package dev.gatehouse.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The JavaScript clients in {@code src/test/node} (Vercel AI SDK, LangChain), installed once per
 * checkout with {@code npm ci} from the committed lock file, and run one scenario per process.
 * Without Node.js the tests are skipped with a message saying so; under {@code CI=true} that fails
 * instead, so CI never passes by skipping.
 */
final class NodeClients {

    private static final Path DIR = Path.of("src/test/node");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean installed;

    private NodeClients() {}

    static synchronized void install() throws IOException, InterruptedException {
        if (installed) {
            return;
        }
        if (!onPath("node") || !onPath("npm")) {
            missing("Node.js (node and npm) is not on the PATH");
        }
        Path marker = DIR.resolve("node_modules/.package-lock.json");
        boolean current = Files.exists(marker)
                && Files.getLastModifiedTime(marker)
                                .compareTo(Files.getLastModifiedTime(DIR.resolve("package-lock.json")))
                        >= 0;
        if (!current) {
            Result npm = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), Map.of(), 300);
            if (npm.exit() != 0) {
                throw new AssertionError("npm ci in " + DIR + " failed:\n" + npm.output());
            }
        }
        installed = true;
    }

    /** Runs {@code clients.mjs} and returns the JSON line it printed. */
    static JsonNode scenario(String client, String api, String scenario, Map<String, String> env)
            throws IOException, InterruptedException {
        Result result = run(List.of("node", "clients.mjs", client, api, scenario), env, 120);
        String[] lines = result.output().strip().split("\n");
        String last = lines[lines.length - 1];
        if (!last.startsWith("{")) {
            throw new AssertionError("clients.mjs printed no result (exit " + result.exit() + "):\n" + result.output());
        }
        return JSON.readTree(last);
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command, Map<String, String> env, int timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command))
                .directory(DIR.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Path output = Files.createTempFile("gatehouse-node", ".out");
        try {
            Process process = builder.redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s:\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static void missing(String message) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true and " + message);
        }
        Assumptions.abort("skipped: " + message);
    }
}
