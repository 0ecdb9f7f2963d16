package dev.gatehouse.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s/gatehouse.yaml, for clusters without Helm, is the chart rendered with
 * deploy/k8s/values.yaml, so it cannot drift from the chart (whose manifests HelmChartTest checks).
 * After changing the chart, regenerate it with
 * {@code ./mvnw -o test -Dtest=PlainManifestsTest -Dgatehouse.deploy.regenerate=true}.
 */
class PlainManifestsTest {

    private static final Path DIR = DeployFiles.ROOT.resolve("deploy/k8s");
    private static final String HEADER =
            "# Generated from deploy/helm/gatehouse with deploy/k8s/values.yaml by PlainManifestsTest;\n"
                    + "# edit those and regenerate (-Dgatehouse.deploy.regenerate=true), not this file.\n";

    @Test
    void areTheChartRenderedWithTheirValues() throws Exception {
        String rendered = HEADER + RenderedChart.template("gatehouse", "gatehouse", DIR.resolve("values.yaml"));
        Path file = DIR.resolve("gatehouse.yaml");
        if (Boolean.getBoolean("gatehouse.deploy.regenerate")) {
            Files.writeString(file, rendered);
        }
        assertThat(Files.readString(file))
                .as("deploy/k8s/gatehouse.yaml is stale: regenerate it (see PlainManifestsTest)")
                .isEqualTo(rendered);
        assertThat(DeployFiles.yamlDocuments(rendered))
                .extracting(m -> m.get("kind"))
                .contains("Deployment", "Service", "ConfigMap", "PodDisruptionBudget");
    }
}
