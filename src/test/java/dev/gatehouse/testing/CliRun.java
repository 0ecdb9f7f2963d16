package dev.gatehouse.testing;

import dev.gatehouse.cli.GatehouseCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code gatehouse ...} command run to its end as a separate JVM, the way a shell runs it:
 * stdout and stderr kept apart (so a test sees what {@code > file} would capture), a working
 * directory of its own, and an environment without the caller's provider keys or gatehouse settings.
 *
 * @param exitCode the process's exit status
 */
public record CliRun(int exitCode, String stdout, String stderr) {

    /** Runs {@code args} in {@code directory} with {@code env} added, waiting at most 60 seconds. */
    public static CliRun run(Path directory, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                GatehouseCommand.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment()
                .keySet()
                .removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("GATEHOUSE_") || k.endsWith("_API_KEY"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread drainErr = new Thread(() -> copy(process.getErrorStream(), err), "cli-stderr");
        drainErr.start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("gatehouse " + String.join(" ", args) + " did not finish");
        }
        drainErr.join(10_000);
        return new CliRun(
                process.exitValue(), new String(out, StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
