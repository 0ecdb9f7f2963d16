package dev.gatehouse.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The container image as the pom's Jib configuration describes it, so the chart and the compose
 * file can be checked against the image they run: its user, port, volumes and data directory.
 */
record ImageSettings(
        String baseImage,
        String user,
        String mainClass,
        List<String> jvmFlags,
        List<String> args,
        Map<String, String> environment,
        String workingDirectory,
        List<String> ports,
        List<String> volumes,
        String format) {

    static ImageSettings fromPom(Path pom) {
        Element jib = jibConfiguration(pom);
        Element container = child(jib, "container");
        return new ImageSettings(
                text(child(child(jib, "from"), "image")),
                text(child(container, "user")),
                text(child(container, "mainClass")),
                texts(child(container, "jvmFlags")),
                texts(child(container, "args")),
                entries(child(container, "environment")),
                text(child(container, "workingDirectory")),
                texts(child(container, "ports")),
                texts(child(container, "volumes")),
                text(child(container, "format")));
    }

    int uid() {
        return Integer.parseInt(user.split(":")[0]);
    }

    int gid() {
        return Integer.parseInt(user.split(":")[1]);
    }

    /** Where the gateway keeps its files: the data directory the image's environment names. */
    String dataDir() {
        String dir = environment.get("GATEHOUSE_DATA_DIR");
        if (dir == null) {
            throw new AssertionError("the image sets no GATEHOUSE_DATA_DIR");
        }
        return dir;
    }

    private static Element jibConfiguration(Path pom) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            var doc = factory.newDocumentBuilder().parse(pom.toFile());
            NodeList plugins = doc.getElementsByTagName("plugin");
            for (int i = 0; i < plugins.getLength(); i++) {
                Element plugin = (Element) plugins.item(i);
                if ("jib-maven-plugin".equals(text(child(plugin, "artifactId")))) {
                    return child(plugin, "configuration");
                }
            }
        } catch (Exception e) {
            throw new AssertionError("cannot read " + pom, e);
        }
        throw new AssertionError("no jib-maven-plugin in " + pom);
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
    }

    private static String text(Element e) {
        return e.getTextContent().trim();
    }

    private static List<String> texts(Element parent) {
        List<String> values = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                values.add(text(e));
            }
        }
        return values;
    }

    private static Map<String, String> entries(Element parent) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                values.put(e.getTagName(), text(e));
            }
        }
        return values;
    }
}
