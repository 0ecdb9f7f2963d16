package dev.gatehouse.api;

/** The client-facing operations that go through the pipeline to a provider. */
public enum Endpoint {
    CHAT_COMPLETIONS("/chat/completions"),
    EMBEDDINGS("/embeddings");

    private final String openAiPath;

    Endpoint(String openAiPath) {
        this.openAiPath = openAiPath;
    }

    /** The path of this operation under an OpenAI-compatible base URL. */
    public String openAiPath() {
        return openAiPath;
    }
}
