package dev.gatehouse.deploy;

import static dev.gatehouse.deploy.DeployFiles.asList;
import static dev.gatehouse.deploy.DeployFiles.asMap;
import static dev.gatehouse.deploy.DeployFiles.at;
import static dev.gatehouse.deploy.DeployFiles.mapAt;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The chart rendered by Helm's own template engine (as {@code helm template}), split into manifests. */
record RenderedChart(List<Map<String, Object>> manifests) {

    static final String RELEASE = "gw";
    static final String NAMESPACE = "llm";

    static RenderedChart render(@Nullable Path valuesFile) {
        return new RenderedChart(DeployFiles.yamlDocuments(template(RELEASE, NAMESPACE, valuesFile)));
    }

    /** The text {@code helm template RELEASE CHART -n NAMESPACE [-f VALUES]} prints. */
    static String template(String release, String namespace, @Nullable Path valuesFile) {
        TemplateCommand template = new Helm(DeployFiles.CHART)
                .template()
                .withName(release)
                .withNamespace(namespace)
                .withKubeVersion("1.30.0");
        if (valuesFile != null) {
            template = template.withValuesFile(valuesFile);
        }
        return template.call();
    }

    List<Map<String, Object>> all(String kind) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Map<String, Object> m : manifests) {
            if (kind.equals(m.get("kind"))) {
                found.add(m);
            }
        }
        return found;
    }

    Map<String, Object> one(String kind) {
        List<Map<String, Object>> found = all(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", rendered " + found.size());
        }
        return found.get(0);
    }

    static String name(Map<String, Object> manifest) {
        return (String) at(manifest, "metadata.name");
    }

    Map<String, Object> podSpec() {
        return mapAt(one("Deployment"), "spec.template.spec");
    }

    Map<String, Object> container() {
        return asMap(asList(podSpec().get("containers")).get(0));
    }

    @SuppressWarnings("unchecked")
    Map<String, String> podLabels() {
        return (Map<String, String>) at(one("Deployment"), "spec.template.metadata.labels");
    }
}
