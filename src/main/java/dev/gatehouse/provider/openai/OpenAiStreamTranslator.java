package dev.gatehouse.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.error.GatewayError;
import dev.gatehouse.provider.SseJsonTranslator;
import dev.gatehouse.stream.SseEvent;
import dev.gatehouse.stream.StreamChunk;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import org.jspecify.annotations.Nullable;

/**
 * Reads an OpenAI chat-completions stream: {@code data:} events each holding one
 * {@code chat.completion.chunk}, ended by {@code data: [DONE]}. Chunks are already canonical, so
 * each keeps its original bytes for forwarding. An {@code error} object inside the stream becomes
 * a {@link GatewayError}.
 */
final class OpenAiStreamTranslator extends SseJsonTranslator {

    private @Nullable Usage usage;
    private boolean sawDone;
    private boolean sawFinish;

    OpenAiStreamTranslator(String provider) {
        super(provider);
    }

    @Override
    protected boolean onRawEvent(SseEvent event) {
        if (event.data().equals("[DONE]")) {
            sawDone = true;
        }
        return sawDone;
    }

    @Override
    protected void onJson(SseEvent event, ObjectNode json) {
        if (json.has("error")) {
            fail(OpenAiErrors.fromStreamError(provider, json.get("error")));
            return;
        }
        JsonNode choices = json.path("choices");
        for (JsonNode choice : choices) {
            if (choice.path("finish_reason").isTextual()) {
                sawFinish = true;
            }
        }
        Usage reported = Usage.fromOpenAi(json.get("usage"));
        if (reported != null) {
            usage = reported;
        }
        boolean usageOnly = reported != null && choices.isEmpty();
        emit(new StreamChunk(json, Buffer.buffer(event.data()), usageOnly));
    }

    @Override
    protected void onStreamEnd() {
        if (!sawDone && !sawFinish) {
            throw GatewayError.of(
                    dev.gatehouse.error.ErrorKind.BAD_UPSTREAM_RESPONSE,
                    "Provider '" + provider + "' ended the stream before it was complete.",
                    null,
                    "stream_truncated");
        }
    }

    @Override
    public @Nullable Usage reportedUsage() {
        return usage;
    }
}
