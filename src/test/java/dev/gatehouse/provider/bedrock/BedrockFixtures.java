package dev.gatehouse.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.testing.Fixtures;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * Bedrock wire fixtures under {@code fixtures/bedrock}. ConverseStream answers are binary AWS
 * event-stream messages; rather than committing opaque bytes, each stream fixture is a JSON list of
 * events ({@code {"event": type, "payload": {...}}} or {@code {"exception": type, "payload": {...}}})
 * that this class encodes with the AWS {@code eventstream} library's own {@link Message} encoder,
 * headers as Bedrock sends them ({@code :event-type} or {@code :exception-type},
 * {@code :content-type}, {@code :message-type}).
 */
public final class BedrockFixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An HTTP error as Bedrock answers it: status, headers (with {@code x-amzn-ErrorType}) and JSON body. */
    public record HttpError(int status, Map<String, String> headers, String body) {}

    private BedrockFixtures() {}

    public static String text(String name) {
        return Fixtures.text("bedrock/" + name);
    }

    /** One encoded event-stream message per event of the stream fixture, in order. */
    public static List<Buffer> eventStream(String name) {
        return eventStream(read(name));
    }

    /** One encoded event-stream message per entry of {@code events}, in the stream fixtures' JSON shape. */
    public static List<Buffer> eventStream(JsonNode events) {
        List<Buffer> frames = new ArrayList<>();
        for (JsonNode event : events) {
            Map<String, HeaderValue> headers = new LinkedHashMap<>();
            if (event.has("exception")) {
                headers.put(
                        ":exception-type",
                        HeaderValue.fromString(event.get("exception").asText()));
                headers.put(":content-type", HeaderValue.fromString("application/json"));
                headers.put(":message-type", HeaderValue.fromString("exception"));
            } else {
                headers.put(
                        ":event-type", HeaderValue.fromString(event.get("event").asText()));
                headers.put(":content-type", HeaderValue.fromString("application/json"));
                headers.put(":message-type", HeaderValue.fromString("event"));
            }
            byte[] payload = event.get("payload").toString().getBytes(StandardCharsets.UTF_8);
            frames.add(
                    Buffer.buffer(new Message(headers, payload).toByteBuffer().array()));
        }
        return frames;
    }

    /** The whole stream fixture as one body. */
    public static Buffer eventStreamBytes(String name) {
        Buffer all = Buffer.buffer();
        eventStream(name).forEach(all::appendBuffer);
        return all;
    }

    public static HttpError httpError(String name) {
        JsonNode fixture = read(name);
        Map<String, String> headers = new LinkedHashMap<>();
        fixture.path("headers")
                .fields()
                .forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        return new HttpError(
                fixture.path("status").asInt(), headers, fixture.path("body").toString());
    }

    private static JsonNode read(String name) {
        try {
            return JSON.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
