package dev.gatehouse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gatehouse.json.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gatehouse prompts list|show|create|add-version|label|unlabel|delete}: manage prompt templates
 * through a running gateway's admin API. Definitions come from a YAML or JSON file in the shape the
 * admin API takes, so the CLI adds no format of its own.
 */
@Command(
        name = "prompts",
        description = "Manage prompt templates through a running gateway's admin API.",
        mixinStandardHelpOptions = true,
        subcommands = {
            PromptsCommand.ListPrompts.class,
            PromptsCommand.Show.class,
            PromptsCommand.Create.class,
            PromptsCommand.AddVersion.class,
            PromptsCommand.Label.class,
            PromptsCommand.Unlabel.class,
            PromptsCommand.Delete.class
        })
final class PromptsCommand implements Runnable {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static String path(String id) {
        return "/admin/v1/prompts/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }

    /** A definition file: YAML (a superset of JSON), read whole. */
    private static JsonNode read(Path file) throws IOException {
        JsonNode node = YAML.readTree(file.toFile());
        if (node == null || !node.isObject()) {
            throw new IOException(file + ": expected a mapping (an object)");
        }
        return node;
    }

    /** Reads {@code file} and sends it; a file that cannot be read is an error like an API refusal. */
    private static int send(
            CommandLine.Model.CommandSpec spec, AdminConnection admin, String method, String path, Path file) {
        JsonNode body;
        try {
            body = read(file);
        } catch (IOException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 1;
        }
        return admin.print(spec, method, path, body);
    }

    @Command(name = "list", description = "List templates.", mixinStandardHelpOptions = true)
    static final class ListPrompts implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        AdminConnection admin;

        @Override
        public Integer call() {
            return admin.print(spec, "GET", "/admin/v1/prompts", null);
        }
    }

    @Command(
            name = "show",
            description = "Show a template with its versions and labels, or one version.",
            mixinStandardHelpOptions = true)
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        AdminConnection admin;

        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--version", description = "Show only this version.")
        @Nullable
        Integer version;

        @Override
        public Integer call() {
            String target = version == null ? path(id) : path(id) + "/versions/" + version;
            return admin.print(spec, "GET", target, null);
        }
    }

    @Command(
            name = "create",
            description = "Create a template from FILE: {id, version: {messages, model, params, variables}, labels}.",
            mixinStandardHelpOptions = true)
    static final class Create implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        AdminConnection admin;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            return send(spec, admin, "POST", "/admin/v1/prompts", file);
        }
    }

    @Command(
            name = "add-version",
            description = "Add the next version of template ID from FILE: {messages, model, params, variables}.",
            mixinStandardHelpOptions = true)
    static final class AddVersion implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        AdminConnection admin;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Parameters(index = "1", paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            return send(spec, admin, "POST", path(id) + "/versions", file);
        }
    }

    @Command(
            name = "label",
            description = "Point LABEL of template ID at one version (--version) or split it (--split 3:90,4:10).",
            mixinStandardHelpOptions = true)
    static final class Label implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        AdminConnection admin;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Parameters(index = "1", paramLabel = "LABEL")
        String label;

        @CommandLine.ArgGroup(multiplicity = "1")
        Target target = new Target();

        static final class Target {
            @Option(names = "--version", description = "The one version the label serves.")
            @Nullable
            Integer version;

            @Option(names = "--split", split = ",", description = "Weighted arms VERSION:WEIGHT, comma-separated.")
            @Nullable
            List<String> split;
        }

        @Override
        public Integer call() {
            ObjectNode body = Json.object();
            if (target.version != null) {
                body.put("version", target.version);
            } else {
                ArrayNode arms = body.putArray("versions");
                for (String arm : target.split == null ? List.<String>of() : target.split) {
                    String[] parts = arm.split(":", 2);
                    try {
                        arms.addObject()
                                .put("version", Integer.parseInt(parts[0].trim()))
                                .put("weight", Integer.parseInt(parts.length == 2 ? parts[1].trim() : ""));
                    } catch (NumberFormatException e) {
                        spec.commandLine().getErr().println("error: --split takes VERSION:WEIGHT, not '" + arm + "'");
                        return 2;
                    }
                }
            }
            return admin.print(
                    spec, "PUT", path(id) + "/labels/" + URLEncoder.encode(label, StandardCharsets.UTF_8), body);
        }
    }

    @Command(name = "unlabel", description = "Remove LABEL from template ID.", mixinStandardHelpOptions = true)
    static final class Unlabel implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        AdminConnection admin;

        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Parameters(index = "1", paramLabel = "LABEL")
        String label;

        @Override
        public Integer call() {
            return admin.print(
                    spec, "DELETE", path(id) + "/labels/" + URLEncoder.encode(label, StandardCharsets.UTF_8), null);
        }
    }

    @Command(name = "delete", description = "Delete template ID.", mixinStandardHelpOptions = true)
    static final class Delete implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        AdminConnection admin;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return admin.print(spec, "DELETE", path(id), null);
        }
    }
}
