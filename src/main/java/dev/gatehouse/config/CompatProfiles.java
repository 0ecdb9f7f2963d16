package dev.gatehouse.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAI-compatible servers Gatehouse knows by name (OpenAI, Azure OpenAI, Mistral, Groq,
 * DeepSeek, Together, OpenRouter, vLLM, Ollama): each is configuration, not code, read from
 * {@code openai-profiles.yaml} on the classpath as strictly as a config file: an unknown field or
 * placeholder is a problem reported with its path, and every problem is reported at once.
 */
public final class CompatProfiles {

    /**
     * A named OpenAI-compatible server: where it lives and how requests must change for it.
     *
     * @param baseUrl its API root, or {@code null} when each account has its own (Azure)
     * @param apiVersion the {@code api_version} a provider gets when its config sets none, or
     *     {@code null} when the server's paths take none
     */
    public record Profile(
            String name, @Nullable String baseUrl, @Nullable String apiVersion, CompatRules rules) {}

    static final String RESOURCE = "openai-profiles.yaml";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*}");

    private static final Map<String, Profile> PROFILES = load();

    private CompatProfiles() {}

    /** The profile called {@code name}, or {@code null} when there is none. */
    public static @Nullable Profile get(String name) {
        return PROFILES.get(name);
    }

    public static Set<String> names() {
        return PROFILES.keySet();
    }

    private static Map<String, Profile> load() {
        try (InputStream in = CompatProfiles.class.getResourceAsStream("/" + RESOURCE)) {
            return read(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + " is part of the jar", e);
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Reads a profile table: a mapping from each profile's name to its fields. */
    static Map<String, Profile> read(String yaml, String source) throws ConfigException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    source, List.of(new ConfigProblem("", "is not valid YAML: " + e.getOriginalMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(
                    source, List.of(new ConfigProblem("", "must be a mapping from profile names to profiles")));
        }
        List<ConfigProblem> problems = new ArrayList<>();
        Map<String, Profile> profiles = new ConfigNode(root, "", problems, new EnvSubstitution(Map.of()))
                .asNamedObjects(CompatProfiles::readProfile);
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return Map.copyOf(profiles);
    }

    private static Profile readProfile(String name, ConfigNode node) {
        CompatRules d = CompatRules.NONE;
        String apiVersion = node.string("api_version", false);
        String requestPath = path(node, "request_path", d.requestPath(), apiVersion);
        String modelsPath = path(node, "models_path", d.modelsPath(), apiVersion);
        String authHeader = node.string("auth_header", false);
        // A server that names its own header sends the bare key unless it says otherwise.
        String authPrefix = node.string("auth_prefix", authHeader == null ? d.authPrefix() : "");
        CompatRules rules = new CompatRules(
                node.strings("drop_params"),
                node.strings("unsupported_params"),
                node.stringMap("rename_params"),
                requestPath,
                modelsPath,
                authHeader == null ? d.authHeader() : authHeader,
                authPrefix,
                path(node, "rerank_path", d.rerankPath(), apiVersion));
        return new Profile(name, node.string("base_url", false), apiVersion, rules);
    }

    private static String path(ConfigNode node, String field, String fallback, @Nullable String apiVersion) {
        String path = node.string(field, fallback);
        Matcher m = PLACEHOLDER.matcher(path);
        while (m.find()) {
            if (!CompatRules.PLACEHOLDERS.contains(m.group())) {
                node.problem(
                        field, m.group() + " is not a placeholder; use " + String.join(", ", CompatRules.PLACEHOLDERS));
            } else if (m.group().equals("{api_version}") && apiVersion == null) {
                node.problem(field, "uses {api_version}, so the profile needs an api_version");
            }
        }
        return path;
    }
}
