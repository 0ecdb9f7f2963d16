package dev.gatehouse.deploy;

import static dev.gatehouse.deploy.DeployFiles.asList;
import static dev.gatehouse.deploy.DeployFiles.asMap;
import static dev.gatehouse.deploy.DeployFiles.at;
import static dev.gatehouse.deploy.DeployFiles.mapAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.gatehouse.config.GatewayConfig;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps deploy/helm/gatehouse from rotting: Helm's own linter and template engine (its Go library,
 * through helm-java) render the chart with the default values and with ci/fleet-values.yaml; every
 * manifest is checked against the Kubernetes API models generated from its OpenAPI spec (an
 * unknown or misspelt field, a missing required field or a wrong shape fails), and the pieces are
 * checked against each other and against the gateway: the config map loads as a gateway config with
 * only the environment the pod gets, probes, ports and mounts match the image and the config.
 */
class HelmChartTest {

    private static final ImageSettings IMAGE = ImageSettings.fromPom(DeployFiles.POM);

    /** Each kind the chart renders, with the model that validates it. */
    private static final Map<String, Validator> MODELS = Map.of(
            "v1/ConfigMap", V1ConfigMap::validateJsonElement,
            "v1/Service", V1Service::validateJsonElement,
            "v1/ServiceAccount", V1ServiceAccount::validateJsonElement,
            "apps/v1/Deployment", V1Deployment::validateJsonElement,
            "autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler::validateJsonElement,
            "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget::validateJsonElement,
            "monitoring.coreos.com/v1/ServiceMonitor", HelmChartTest::validateServiceMonitor);

    @FunctionalInterface
    interface Validator {
        void validate(JsonElement manifest) throws IOException;
    }

    static Stream<Arguments> valueSets() {
        return Stream.of(
                Arguments.of("defaults", null),
                Arguments.of("fleet", DeployFiles.CHART.resolve("ci/fleet-values.yaml")),
                Arguments.of("k8s", DeployFiles.ROOT.resolve("deploy/k8s/values.yaml")));
    }

    @Test
    void passesHelmLintStrict() {
        LintResult lint = new Helm(DeployFiles.CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyManifestMatchesTheKubernetesApi(String name, @Nullable Path values) throws IOException {
        RenderedChart chart = RenderedChart.render(values);
        assertThat(chart.manifests()).isNotEmpty();
        for (Map<String, Object> manifest : chart.manifests()) {
            String type = manifest.get("apiVersion") + "/" + manifest.get("kind");
            Validator model = MODELS.get(type);
            assertThat(model).as("a model for " + type).isNotNull();
            model.validate(JsonParser.parseString(DeployFiles.toJson(manifest)));
        }
    }

    @Test
    void theModelsRefuseAMisspeltField() {
        Map<String, Object> deployment = RenderedChart.render(null).one("Deployment");
        Map<String, Object> container =
                asMap(asList(mapAt(deployment, "spec.template.spec").get("containers"))
                        .get(0));
        container.put("readinesProbe", container.remove("readinessProbe"));

        assertThatThrownBy(
                        () -> V1Deployment.validateJsonElement(JsonParser.parseString(DeployFiles.toJson(deployment))))
                .hasMessageContaining("readinesProbe");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void theConfigMapIsAGatewayConfigThatThePodsEnvironmentCompletes(
            String name, @Nullable Path values, @TempDir Path data) throws Exception {
        RenderedChart chart = RenderedChart.render(values);
        Map<String, Object> container = chart.container();
        List<Object> args = asList(container.get("args"));
        String configPath = (String) args.get(args.indexOf("--config") + 1);
        String mountDir = configPath.substring(0, configPath.lastIndexOf('/'));
        String fileName = configPath.substring(configPath.lastIndexOf('/') + 1);
        assertThat(mount(container, mountDir)).containsEntry("readOnly", true);

        String yaml = (String) mapAt(chart.one("ConfigMap"), "data").get(fileName);
        GatewayConfig config = DeployFiles.loadGatewayConfig(yaml, "ConfigMap " + fileName, podEnv(container), data);

        assertThat(containerPort(container)).isEqualTo(config.server().port());
        assertThat(config.server().masterKey()).isEqualTo("from-secret-GATEHOUSE_MASTER_KEY");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void thePodIsHardenedAndFitsTheImage(String name, @Nullable Path values) {
        RenderedChart chart = RenderedChart.render(values);
        Map<String, Object> pod = chart.podSpec();
        Map<String, Object> container = chart.container();

        Map<String, Object> podSecurity = mapAt(pod, "securityContext");
        assertThat(podSecurity)
                .containsEntry("runAsNonRoot", true)
                .containsEntry("runAsUser", IMAGE.uid())
                .containsEntry("runAsGroup", IMAGE.gid())
                .containsEntry("fsGroup", IMAGE.gid());
        Map<String, Object> security = mapAt(container, "securityContext");
        assertThat(security)
                .containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false);
        assertThat(asList(at(security, "capabilities.drop"))).containsExactly("ALL");
        assertThat(pod).containsEntry("automountServiceAccountToken", false);

        // The read-only root leaves the image's volumes as the only writable places.
        for (String volume : IMAGE.volumes()) {
            assertThat(mount(container, volume)).doesNotContainKey("readOnly");
        }
        assertThat(asList(container.get("args")).subList(0, 3)).isEqualTo(IMAGE.args());
        assertThat(container).doesNotContainKey("command");
        assertThat((String) container.get("image"))
                .endsWith(":" + (name.equals("fleet") ? "0.1.0" : DeployFiles.projectVersion()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void probesAskTheGatewaysHealthAndReadinessOnItsPort(String name, @Nullable Path values) {
        Map<String, Object> container = RenderedChart.render(values).container();
        assertThat(at(container, "startupProbe.httpGet.path")).isEqualTo("/healthz");
        assertThat(at(container, "livenessProbe.httpGet.path")).isEqualTo("/healthz");
        assertThat(at(container, "readinessProbe.httpGet.path")).isEqualTo("/readyz");
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(at(container, probe + ".httpGet.port")).isEqualTo(portName(container));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void servicePdbAutoscalerAndMonitorPointAtThePods(String name, @Nullable Path values) {
        RenderedChart chart = RenderedChart.render(values);
        Map<String, String> podLabels = chart.podLabels();
        Map<String, Object> service = chart.one("Service");
        assertThat(podLabels).containsAllEntriesOf(stringMap(at(service, "spec.selector")));
        Map<String, Object> servicePort =
                asMap(asList(at(service, "spec.ports")).get(0));
        assertThat(servicePort.get("targetPort")).isEqualTo(portName(chart.container()));

        for (Map<String, Object> pdb : chart.all("PodDisruptionBudget")) {
            assertThat(podLabels).containsAllEntriesOf(stringMap(at(pdb, "spec.selector.matchLabels")));
        }
        for (Map<String, Object> hpa : chart.all("HorizontalPodAutoscaler")) {
            assertThat(at(hpa, "spec.scaleTargetRef.name")).isEqualTo(RenderedChart.name(chart.one("Deployment")));
            assertThat(mapAt(chart.one("Deployment"), "spec")).doesNotContainKey("replicas");
        }
        for (Map<String, Object> monitor : chart.all("ServiceMonitor")) {
            assertThat(stringMap(at(service, "metadata.labels")))
                    .containsAllEntriesOf(stringMap(at(monitor, "spec.selector.matchLabels")));
            Map<String, Object> endpoint =
                    asMap(asList(at(monitor, "spec.endpoints")).get(0));
            assertThat(endpoint.get("port")).isEqualTo(servicePort.get("name"));
            assertThat(endpoint.get("path")).isEqualTo("/metrics");
        }
    }

    @Test
    void theFleetValuesTurnOnEveryOptionalPart() {
        RenderedChart chart = RenderedChart.render(DeployFiles.CHART.resolve("ci/fleet-values.yaml"));
        for (String kind : List.of("HorizontalPodAutoscaler", "PodDisruptionBudget", "ServiceMonitor")) {
            assertThat(chart.all(kind)).as(kind).hasSize(1);
        }
        assertThat(at(
                        asMap(asList(at(chart.one("ServiceMonitor"), "spec.endpoints"))
                                .get(0)),
                        "authorization.credentials.name"))
                .isEqualTo("gatehouse-metrics");
    }

    @Test
    void theChartsAppVersionIsTheProjectVersion() {
        Map<String, Object> chart = DeployFiles.yamlMap(read(DeployFiles.CHART.resolve("Chart.yaml")));
        assertThat(chart.get("appVersion")).isEqualTo(DeployFiles.projectVersion());
    }

    /**
     * The Prometheus Operator's CRD is not in the Kubernetes API models; its fields used here are
     * checked by name against the CRD's v1 schema (monitoring.coreos.com_servicemonitors.yaml).
     */
    private static void validateServiceMonitor(JsonElement manifest) {
        var root = manifest.getAsJsonObject();
        assertThat(root.keySet()).containsOnly("apiVersion", "kind", "metadata", "spec");
        var spec = root.getAsJsonObject("spec");
        assertThat(spec.keySet()).containsOnly("selector", "endpoints");
        for (JsonElement endpoint : spec.getAsJsonArray("endpoints")) {
            assertThat(endpoint.getAsJsonObject().keySet())
                    .isSubsetOf("port", "path", "interval", "scrapeTimeout", "authorization");
        }
    }

    private static Map<String, Object> mount(Map<String, Object> container, String path) {
        for (Object m : asList(container.get("volumeMounts"))) {
            if (path.equals(asMap(m).get("mountPath"))) {
                return asMap(m);
            }
        }
        throw new AssertionError("nothing mounted at " + path);
    }

    private static int containerPort(Map<String, Object> container) {
        return (Integer) asMap(asList(container.get("ports")).get(0)).get("containerPort");
    }

    private static String portName(Map<String, Object> container) {
        return (String) asMap(asList(container.get("ports")).get(0)).get("name");
    }

    /** The container's environment, each Secret reference standing for a value Kubernetes would fill in. */
    private static Map<String, String> podEnv(Map<String, Object> container) {
        Map<String, String> env = new HashMap<>();
        for (Object e : asList(container.get("env"))) {
            Map<String, Object> var = asMap(e);
            String name = (String) var.get("name");
            env.put(name, var.containsKey("value") ? (String) var.get("value") : "from-secret-" + name);
        }
        return env;
    }

    private static Map<String, String> stringMap(Object node) {
        Map<String, String> out = new LinkedHashMap<>();
        asMap(node).forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    private static String read(Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
