package dev.gatehouse.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain Java program ({@code src/test/resources/embed/EmbeddedGateway.java}) compiled and run
 * against the library as a user gets it: the gateway's classes in a jar (what the build's
 * {@code gatehouse-lib.jar} holds) and the run-time dependencies the pom declares, nothing from the
 * test classpath. It starts Gatehouse with its own provider adapter and asks it a question.
 */
class EmbeddedProgramTest {

    @TempDir
    Path dir;

    @Test
    void aPlainProgramStartsGatehouseWithItsOwnProviderAdapterAndGetsAnAnswer() throws Exception {
        Path classes = Path.of(Gatehouse.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path dependencies = classes.resolveSibling("library-classpath.txt");
        assertThat(dependencies)
                .as("written by the build's maven-dependency-plugin (library-classpath)")
                .exists();
        Path library = jarOf(classes, dir.resolve("gatehouse-lib.jar"));
        String classpath = library
                + java.io.File.pathSeparator
                + Files.readString(dependencies).trim();

        Path source = dir.resolve("src/EmbeddedGateway.java");
        Files.createDirectories(source.getParent());
        try (InputStream program =
                Objects.requireNonNull(EmbeddedProgramTest.class.getResourceAsStream("/embed/EmbeddedGateway.java"))) {
            Files.copy(program, source);
        }
        Path out = Files.createDirectories(dir.resolve("out"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int compiled = javac.run(
                null,
                diagnostics,
                diagnostics,
                "--release",
                "17",
                "-classpath",
                classpath,
                "-d",
                out.toString(),
                source.toString());
        assertThat(compiled)
                .as("javac: %s", diagnostics.toString(StandardCharsets.UTF_8))
                .isZero();

        Path data = dir.resolve("data");
        ProcessBuilder run = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        out + java.io.File.pathSeparator + classpath,
                        "EmbeddedGateway",
                        data.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("program.log").toFile())
                .directory(dir.toFile());
        run.environment().keySet().removeIf(k -> k.startsWith("GATEHOUSE_") || k.startsWith("OPENAI_"));
        Process program = run.start();
        boolean ended = program.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            program.destroyForcibly();
        }
        String output = Files.readString(dir.resolve("program.log"));
        assertThat(ended).as("the program ended; output: %s", output).isTrue();
        assertThat(program.exitValue()).as("exit status; output: %s", output).isZero();
        assertThat(output).contains("ANSWER: You asked: What is 6 x 7?");
        assertThat(data.resolve("gatehouse.db"))
                .as("the embedded store in the data directory")
                .exists();
    }

    /** The compiled classes and resources as a jar, as the build's library execution packs them. */
    private static Path jarOf(Path classes, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> tree = Files.walk(classes)) {
            List<Path> paths = new ArrayList<>(tree.toList());
            for (Path path : paths) {
                String name = classes.relativize(path).toString().replace('\\', '/');
                if (name.isEmpty()) {
                    continue;
                }
                if (Files.isDirectory(path)) {
                    out.putNextEntry(new JarEntry(name + "/"));
                } else {
                    out.putNextEntry(new JarEntry(name));
                    Files.copy(path, out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }
}
