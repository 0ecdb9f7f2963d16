package dev.gatehouse.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The OpenAI-compatible servers Gatehouse knows by name (OpenAI, Mistral, Groq, DeepSeek, Together,
 * OpenRouter, vLLM, Ollama): each is configuration, not code, read from
 * {@code openai-profiles.yaml} on the classpath.
 */
public final class CompatProfiles {

    /** A named OpenAI-compatible server: where it lives and how requests must change for it. */
    public record Profile(String name, String baseUrl, CompatRules rules) {}

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
        try (InputStream in = CompatProfiles.class.getResourceAsStream("/openai-profiles.yaml")) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            Map<String, Profile> profiles = new LinkedHashMap<>();
            root.properties().forEach(entry -> {
                JsonNode p = entry.getValue();
                List<String> drop = new ArrayList<>();
                p.path("drop_params").forEach(n -> drop.add(n.asText()));
                Map<String, String> rename = new LinkedHashMap<>();
                p.path("rename_params").properties().forEach(r -> rename.put(r.getKey(), r.getValue().asText()));
                profiles.put(entry.getKey(), new Profile(entry.getKey(), p.path("base_url").asText(), new CompatRules(drop, rename)));
            });
            return Map.copyOf(profiles);
        } catch (IOException e) {
            throw new UncheckedIOException("openai-profiles.yaml is part of the jar", e);
        }
    }
}
