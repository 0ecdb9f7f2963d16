package dev.gatehouse.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.config.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/**
 * The container image's settings (the pom's Jib configuration) hold what a hardened deployment
 * needs; with {@code -Dgatehouse.image.tar=target/jib-image.tar} (what deploy/image.sh passes after
 * building it) the built image's own config is checked as well.
 */
class ContainerImageTest {

    private static final ImageSettings IMAGE = ImageSettings.fromPom(DeployFiles.POM);

    @Test
    void runsAsANumericNonRootUser() {
        // Kubernetes' runAsNonRoot can only verify a numeric user.
        assertThat(IMAGE.user()).matches("\\d+:\\d+");
        assertThat(IMAGE.uid()).isPositive();
        assertThat(IMAGE.gid()).isPositive();
    }

    @Test
    void servesTheGatewayOnItsDefaultPortOnEveryInterface() throws Exception {
        assertThat(IMAGE.ports()).containsExactly(String.valueOf(ServerSettings.DEFAULT_PORT));
        assertThat(IMAGE.args()).containsExactly("serve", "--host", "0.0.0.0");
        assertThat(Class.forName(IMAGE.mainClass()).getMethod("main", String[].class))
                .isNotNull();
    }

    @Test
    void writesOnlyToItsVolumesSoTheRootFilesystemCanBeReadOnly() {
        assertThat(IMAGE.volumes()).containsExactlyInAnyOrder(IMAGE.dataDir(), "/tmp");
        assertThat(IMAGE.workingDirectory()).isEqualTo(IMAGE.dataDir());
        assertThat(IMAGE.jvmFlags()).contains("-Djava.io.tmpdir=/tmp");
        assertThat(IMAGE.jvmFlags()).anyMatch(f -> f.startsWith("-XX:ErrorFile=/tmp/"));
    }

    @Test
    void sizesTheHeapFromTheContainerAndExitsOnOutOfMemory() {
        assertThat(IMAGE.jvmFlags()).anyMatch(f -> f.startsWith("-XX:MaxRAMPercentage="));
        assertThat(IMAGE.jvmFlags()).contains("-XX:+ExitOnOutOfMemoryError");
        // The maximum follows the container's limit; the start is small, as serve gives itself (SmallInitialHeap).
        assertThat(IMAGE.jvmFlags()).noneMatch(f -> f.startsWith("-Xmx") || f.startsWith("-XX:InitialRAMPercentage"));
        assertThat(IMAGE.jvmFlags()).contains("-Xms32m");
    }

    @Test
    void buildsOnTheBaseThatPackageMakesWithoutARegistry() {
        assertThat(IMAGE.baseImage()).startsWith("tar://").endsWith("/jib-base/base.tar");
        assertThat(IMAGE.format()).isEqualTo("OCI");
        assertThat(DeployFiles.ROOT.resolve("deploy/image/base-image.sh")).isExecutable();
    }

    @Test
    void builtImageRunsTheGatewayAsTheConfiguredUser() throws IOException {
        String tar = System.getProperty("gatehouse.image.tar", "");
        assumeTrue(!tar.isEmpty(), "no -Dgatehouse.image.tar: the built image is checked by deploy/image.sh");
        Map<String, byte[]> files = untar(Path.of(tar));
        ObjectMapper json = new ObjectMapper();
        // An OCI image layout: index.json names the manifest, which names the config and the layers.
        assertThat(files).containsKey("oci-layout");
        JsonNode index = json.readTree(files.get("index.json")).get("manifests").get(0);
        assertThat(index.at("/annotations/org.opencontainers.image.ref.name").asText())
                .isEqualTo("gatehouse:" + DeployFiles.projectVersion());
        JsonNode manifest = json.readTree(blob(files, index.get("digest").asText()));
        JsonNode config = json.readTree(
                        blob(files, manifest.at("/config/digest").asText()))
                .get("config");

        assertThat(config.get("User").asText()).isEqualTo(IMAGE.user());
        assertThat(config.get("ExposedPorts").has(ServerSettings.DEFAULT_PORT + "/tcp"))
                .isTrue();
        assertThat(config.get("Volumes").has(IMAGE.dataDir())).isTrue();
        assertThat(config.get("Volumes").has("/tmp")).isTrue();
        assertThat(config.get("WorkingDir").asText()).isEqualTo(IMAGE.dataDir());
        List<String> entrypoint = json.convertValue(
                config.get("Entrypoint"), json.getTypeFactory().constructCollectionType(List.class, String.class));
        assertThat(entrypoint.get(0)).isEqualTo("java");
        assertThat(entrypoint).containsSubsequence(IMAGE.jvmFlags());
        assertThat(entrypoint).endsWith(IMAGE.mainClass());
        assertThat(json.convertValue(config.get("Cmd"), List.class)).isEqualTo(IMAGE.args());
        assertThat(json.convertValue(config.get("Env"), List.class))
                .contains("GATEHOUSE_DATA_DIR=" + IMAGE.dataDir(), "LANG=C.UTF-8")
                .anyMatch(e -> e.toString().startsWith("PATH=/opt/java/bin:"));
        assertThat(manifest.get("layers").size())
                .as("two base layers and the app's")
                .isGreaterThan(3);
    }

    private static byte[] blob(Map<String, byte[]> files, String digest) {
        byte[] blob = files.get("blobs/" + digest.replace(':', '/'));
        assertThat(blob).as(digest).isNotNull();
        return blob;
    }

    /** The small regular files of the image tar (its manifest and configs), by name without {@code ./}. */
    private static Map<String, byte[]> untar(Path tar) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.isFile() && entry.getSize() < (1 << 20)) {
                    String name = entry.getName();
                    files.put(name.startsWith("./") ? name.substring(2) : name, in.readAllBytes());
                }
            }
        }
        return files;
    }
}
