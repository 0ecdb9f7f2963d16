package dev.gatehouse.api;

import dev.gatehouse.config.Capability;
import org.jspecify.annotations.Nullable;

/** The client-facing operations that go through the pipeline to a provider. */
public enum Endpoint {
    CHAT_COMPLETIONS("/chat/completions", null),
    EMBEDDINGS("/embeddings", Capability.EMBEDDINGS),
    /** The legacy text completions, passed through to OpenAI-format servers. */
    COMPLETIONS("/completions", Capability.COMPLETIONS),
    /** Cohere's v2 rerank shape, which Jina, Voyage and vLLM also serve. */
    RERANK("/rerank", Capability.RERANK),
    /** A multipart upload whose audio is streamed to the provider, never held whole. */
    AUDIO_TRANSCRIPTIONS("/audio/transcriptions", Capability.AUDIO),
    /** As transcriptions, translated to English. */
    AUDIO_TRANSLATIONS("/audio/translations", Capability.AUDIO),
    /** JSON in, audio bytes out. */
    AUDIO_SPEECH("/audio/speech", Capability.AUDIO),
    IMAGES_GENERATIONS("/images/generations", Capability.IMAGES);

    private final String openAiPath;
    private final @Nullable Capability needs;

    Endpoint(String openAiPath, @Nullable Capability needs) {
        this.openAiPath = openAiPath;
        this.needs = needs;
    }

    /** The path of this operation under an OpenAI-compatible base URL. */
    public String openAiPath() {
        return openAiPath;
    }

    /**
     * The dialect capability a deployment needs to serve this operation, or {@code null} for chat,
     * which every dialect serves.
     */
    public @Nullable Capability needs() {
        return needs;
    }

    /** Whether the request body is a multipart upload rather than JSON. */
    public boolean isUpload() {
        return this == AUDIO_TRANSCRIPTIONS || this == AUDIO_TRANSLATIONS;
    }

    /** Whether the answer is the provider's own JSON (or bytes), passed back as it came. */
    public boolean passesThrough() {
        return this != CHAT_COMPLETIONS && this != EMBEDDINGS;
    }
}
