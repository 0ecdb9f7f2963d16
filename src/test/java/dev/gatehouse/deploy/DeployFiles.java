package dev.gatehouse.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.config.ConfigException;
import dev.gatehouse.config.ConfigLoader;
import dev.gatehouse.config.GatewayConfig;
import dev.gatehouse.guardrail.stage.BuiltInGuardrails;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Where the deployment files live and the small readers their tests share. YAML goes through
 * SnakeYAML rather than Jackson because compose files use anchors and merge keys ({@code <<: *gateway}),
 * which SnakeYAML resolves as Docker Compose does.
 */
final class DeployFiles {

    /** Maven runs the tests in the project directory. */
    static final Path ROOT = Path.of("").toAbsolutePath();

    static final Path CHART = ROOT.resolve("deploy/helm/gatehouse");
    static final Path COMPOSE = ROOT.resolve("deploy/compose");
    static final Path POM = ROOT.resolve("pom.xml");

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeployFiles() {}

    /** The version Maven builds, which the image tag, the chart's appVersion and compose must name. */
    static String projectVersion() {
        return Objects.requireNonNull(
                System.getProperty("gatehouse.project.version"), "surefire passes gatehouse.project.version");
    }

    static Map<String, Object> yamlMap(String yaml) {
        Object loaded = new Yaml(new LoaderOptions()).load(yaml);
        return asMap(loaded);
    }

    /** Every document of a multi-document YAML stream, empty ones left out. */
    static List<Map<String, Object>> yamlDocuments(String yaml) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new LoaderOptions()).loadAll(yaml)) {
            if (doc != null) {
                docs.add(asMap(doc));
            }
        }
        return docs;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object node) {
        if (!(node instanceof Map)) {
            throw new AssertionError("expected a mapping, got " + node);
        }
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> asList(Object node) {
        if (!(node instanceof List)) {
            throw new AssertionError("expected a list, got " + node);
        }
        return (List<Object>) node;
    }

    /** The value at a dotted path of mappings, e.g. {@code spec.template.spec}. */
    static Object at(Map<String, Object> root, String dotted) {
        Object node = root;
        for (String part : dotted.split("\\.")) {
            node = asMap(node).get(part);
            if (node == null) {
                throw new AssertionError("no " + dotted + " (missing " + part + ")");
            }
        }
        return node;
    }

    static Map<String, Object> mapAt(Map<String, Object> root, String dotted) {
        return asMap(at(root, dotted));
    }

    static String toJson(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Loads a gateway config as {@code gatehouse serve} would, with only {@code env} as the
     * environment: a {@code ${NAME}} the deployment does not provide fails here.
     */
    static GatewayConfig loadGatewayConfig(String yaml, String source, Map<String, String> env, Path dataDir)
            throws ConfigException {
        return new ConfigLoader(env, dataDir, BuiltInGuardrails.READERS).parse(yaml, source);
    }
}
