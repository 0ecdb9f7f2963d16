package dev.gatehouse.provider.bedrock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.error.GatewayError;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

class EventStreamFramerTest {

    private static EventStreamFramer framer() {
        return new EventStreamFramer("aws-bedrock");
    }

    private static Message event(String type, int payloadBytes) {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":event-type", HeaderValue.fromString(type));
        headers.put(":message-type", HeaderValue.fromString("event"));
        byte[] payload = new byte[payloadBytes];
        Arrays.fill(payload, (byte) 'x');
        return new Message(headers, payload);
    }

    private static Buffer encode(List<Message> messages) {
        Buffer body = Buffer.buffer();
        messages.forEach(m -> body.appendBytes(m.toByteBuffer().array()));
        return body;
    }

    /** A prelude announcing {@code totalLength} with no headers, its CRC correct. */
    private static Buffer prelude(int totalLength) {
        ByteBuffer prelude = ByteBuffer.allocate(12).putInt(totalLength).putInt(0);
        CRC32 crc = new CRC32();
        crc.update(prelude.array(), 0, 8);
        return Buffer.buffer(prelude.putInt((int) crc.getValue()).array());
    }

    private static List<Message> decodedFrom(Buffer body) {
        EventStreamFramer framer = framer();
        List<Message> decoded = new ArrayList<>();
        framer.feed(body, decoded::add);
        return decoded;
    }

    @Test
    void decodesEveryMessageWhereverTheBytesSplit() {
        List<Message> messages = new ArrayList<>();
        BedrockFixtures.eventStream("stream-tool.json")
                .forEach(frame -> messages.add(decodedFrom(frame).get(0)));
        Buffer body = encode(messages);

        for (int split = 0; split <= body.length(); split++) {
            EventStreamFramer framer = framer();
            List<Message> decoded = new ArrayList<>();
            framer.feed(body.getBuffer(0, split), decoded::add);
            framer.feed(body.getBuffer(split, body.length()), decoded::add);

            assertThat(decoded).as("split at byte %d", split).isEqualTo(messages);
        }
    }

    @Test
    void decodesAStreamFedOneByteAtATime() {
        List<Message> messages =
                List.of(event("messageStart", 20), event("contentBlockDelta", 20_000), event("messageStop", 0));
        Buffer body = encode(messages);
        EventStreamFramer framer = framer();
        List<Message> decoded = new ArrayList<>();

        for (int at = 0; at < body.length(); at++) {
            framer.feed(body.getBuffer(at, at + 1), decoded::add);
        }

        assertThat(decoded).isEqualTo(messages);
    }

    @Test
    void decodesSeveralMessagesInOneBufferWithoutGrowingForThem() {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            messages.add(event("contentBlockDelta", 400));
        }
        messages.add(new Message(Map.of(), new byte[0]));
        Buffer body = encode(messages);
        assertThat(body.length()).isGreaterThan(2 * EventStreamFramer.INITIAL_CAPACITY);
        EventStreamFramer framer = framer();
        List<Message> decoded = new ArrayList<>();

        framer.feed(body, decoded::add);

        assertThat(decoded).isEqualTo(messages);
        assertThat(framer.capacity()).isEqualTo(EventStreamFramer.INITIAL_CAPACITY);
    }

    @Test
    void growsToExactlyALongMessageAndGivesTheRoomBackAfterIt() {
        Message large = event("contentBlockDelta", 100_000);
        Buffer body = encode(List.of(large, event("messageStop", 30)));
        int largeLength = large.toByteBuffer().remaining();
        EventStreamFramer framer = framer();
        List<Message> decoded = new ArrayList<>();

        framer.feed(body.getBuffer(0, 5_000), decoded::add);
        assertThat(framer.capacity()).isEqualTo(largeLength);
        framer.feed(body.getBuffer(5_000, largeLength + 3), decoded::add);
        assertThat(decoded).containsExactly(large);
        assertThat(framer.capacity()).isEqualTo(EventStreamFramer.INITIAL_CAPACITY);
        framer.feed(body.getBuffer(largeLength + 3, body.length()), decoded::add);

        assertThat(decoded).hasSize(2);
        assertThat(decoded.get(1).getPayload()).hasSize(30);
    }

    @Test
    void rejectsAMessageWhoseCrcFailsAfterDeliveringThoseBeforeIt() {
        Buffer good = encode(List.of(event("messageStart", 10)));
        Buffer corrupted = encode(List.of(event("contentBlockDelta", 10)));
        corrupted.setByte(corrupted.length() - 6, (byte) '#');
        List<Message> decoded = new ArrayList<>();

        assertThatThrownBy(() -> framer().feed(good.copy().appendBuffer(corrupted), decoded::add))
                .isInstanceOfSatisfying(GatewayError.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.code()).isEqualTo("bad_upstream_response");
                    assertThat(e.getMessage())
                            .contains("'aws-bedrock'", "malformed event stream", "Message checksum failure");
                });
        assertThat(decoded).hasSize(1);
    }

    @Test
    void rejectsAnImpossibleLengthAsSoonAsThePreludeArrives() {
        for (int length : new int[] {0, 15, EventStreamFramer.MAX_MESSAGE_LENGTH + 1, Integer.MAX_VALUE, -1}) {
            EventStreamFramer framer = framer();

            assertThatThrownBy(() -> framer.feed(prelude(length), m -> {}))
                    .as("length %s", Integer.toUnsignedString(length))
                    .isInstanceOfSatisfying(GatewayError.class, e -> {
                        assertThat(e.code()).isEqualTo("bad_upstream_response");
                        assertThat(e.getMessage())
                                .contains("a message length of " + Integer.toUnsignedString(length) + " bytes");
                    });
            assertThat(framer.capacity()).isEqualTo(EventStreamFramer.INITIAL_CAPACITY);
        }
    }

    @Test
    void rejectsACorruptedLengthBeforeBufferingUpToIt() {
        Buffer frame = encode(List.of(event("messageStart", 10)));
        frame.setInt(0, 1 << 20);
        EventStreamFramer framer = framer();

        assertThatThrownBy(() -> framer.feed(frame.getBuffer(0, 12), m -> {}))
                .isInstanceOfSatisfying(
                        GatewayError.class, e -> assertThat(e.getMessage()).contains("prelude checksum failure"));
        assertThat(framer.capacity()).isEqualTo(EventStreamFramer.INITIAL_CAPACITY);
    }

    @Test
    void rejectsBytesThatAreNotAnEventStream() {
        Buffer json = Buffer.buffer("{\"message\":\"this is JSON, not an event stream\"}");

        assertThatThrownBy(() -> decodedFrom(json)).isInstanceOf(GatewayError.class);
    }

    @Test
    void passesOnAFailureOfTheConsumerUnchanged() {
        Buffer body = encode(List.of(event("messageStart", 10)));

        assertThatThrownBy(() -> framer().feed(body, m -> {
                    throw new IllegalStateException("client went away");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("client went away");
    }
}
