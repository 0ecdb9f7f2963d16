package dev.gatehouse.api.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.error.GatewayError;
import dev.gatehouse.stream.ChunkFactory;
import dev.gatehouse.usage.Usage;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The /v1/messages encoder relays an Anthropic stream as it came and translates any other. */
class AnthropicStreamRelayTest {

    private final ChunkFactory chunks = new ChunkFactory("chatcmpl-1", 1, "claude-sonnet-4-5");

    private static AnthropicStreamRelay encoder() {
        return new AnthropicStreamRelay(new OpenAiStreamToAnthropic(10, () -> new Usage(10, 0, 0, 2, false)));
    }

    private static String text(Buffer buffer) {
        return buffer == null ? "" : buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void relaysTheProvidersEventsAndAddsNothingAtTheEnd() {
        AnthropicStreamRelay relay = encoder();
        String start = "event: message_start\ndata: {\"type\":\"message_start\"}\n\n";
        String ping = "event: ping\ndata: {\"type\": \"ping\"}\n\n";

        String out = text(relay.onChunk(chunks.role(0).withPassthrough(Buffer.buffer(start))))
                + text(relay.onChunk(chunks.passthroughOnly(Buffer.buffer(ping))))
                + text(relay.onChunk(chunks.usage(new Usage(10, 0, 0, 2, false))))
                + text(relay.onEnd());

        assertThat(out).isEqualTo(start + ping);
    }

    @Test
    void translatesAStreamWhoseChunksCarryNoAnthropicEvents() {
        AnthropicStreamRelay relay = encoder();

        String out =
                text(relay.onChunk(chunks.role(0))) + text(relay.onChunk(chunks.text(0, "Hi"))) + text(relay.onEnd());

        assertThat(out)
                .startsWith("event: message_start")
                .contains("\"text_delta\"")
                .endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    }

    @Test
    void endsARelayedStreamThatBreaksWithAnErrorEvent() {
        AnthropicStreamRelay relay = encoder();
        relay.onChunk(chunks.role(0).withPassthrough(Buffer.buffer("event: message_start\ndata: {}\n\n")));

        assertThat(text(relay.onError(GatewayError.internal("boom")))).startsWith("event: error\n");
    }
}
