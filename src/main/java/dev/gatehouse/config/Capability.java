package dev.gatehouse.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** What a deployment can do; a request needing one never goes to a deployment without it. */
public enum Capability {
    TOOLS("tools", true),
    VISION("vision", true),
    JSON_MODE("json_mode", true),
    STREAMING("streaming", true),
    /**
     * Serving {@code /v1/embeddings}. Whether a deployment can is a property of its provider's
     * dialect (its adapter implements embeddings or not), so config never lists it: routing asks
     * the adapters.
     */
    EMBEDDINGS("embeddings", false),
    /** Serving the legacy {@code /v1/completions} (a dialect property, like embeddings). */
    COMPLETIONS("completions", false),
    /** Serving {@code /v1/rerank} in Cohere's v2 shape (a dialect property). */
    RERANK("rerank", false),
    /** Serving {@code /v1/audio/*}: transcription, translation and speech (a dialect property). */
    AUDIO("audio", false),
    /** Serving {@code /v1/images/generations} (a dialect property). */
    IMAGES("images", false);

    private final String configName;
    private final boolean configured;

    Capability(String configName, boolean configured) {
        this.configName = configName;
        this.configured = configured;
    }

    public String configName() {
        return configName;
    }

    /**
     * True when a deployment's {@code capabilities} list in config says whether it has it (what the
     * model behind it supports); false when the dialect decides.
     */
    public boolean configured() {
        return configured;
    }

    /** The capabilities a deployment's config can list: every one when it lists none. */
    public static Set<Capability> configurable() {
        return Arrays.stream(values())
                .filter(Capability::configured)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Capability.class)));
    }

    static String choices() {
        return configurable().stream().map(Capability::configName).collect(Collectors.joining(", "));
    }

    /** The capability a config names, or {@code null} when it names none that config can set. */
    static @Nullable Capability parse(String name) {
        for (Capability c : values()) {
            if (c.configured && c.configName.equals(name)) {
                return c;
            }
        }
        return null;
    }
}
