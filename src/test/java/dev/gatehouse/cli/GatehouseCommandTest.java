package dev.gatehouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.CliRun;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code gatehouse} executable itself, run as a process. */
class GatehouseCommandTest {

    @TempDir
    Path dir;

    @Test
    void versionIsTheMavenProjectVersion() throws Exception {
        String projectVersion = System.getProperty("gatehouse.project.version");
        assertThat(projectVersion).as("surefire passes the pom's version").isNotBlank();

        CliRun run = CliRun.run(dir, Map.of(), "--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout().trim()).isEqualTo("gatehouse " + projectVersion);
    }
}
