package dev.gatehouse.provider.bedrock;

import dev.gatehouse.error.GatewayError;
import dev.gatehouse.provider.UpstreamFailures;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;
import software.amazon.eventstream.Message;

/**
 * Cuts an AWS event stream ({@code application/vnd.amazon.eventstream}) into messages as its bytes
 * arrive, and decodes each complete one with the {@code eventstream} library's
 * {@link Message#decode}, which checks the prelude and message CRCs and parses the headers.
 *
 * <p>Wire format (Smithy, "Amazon Event Stream Specification"): total length (4 bytes, big-endian,
 * counting the whole message), headers length (4), prelude CRC (4), headers, payload, message CRC
 * (4). The specification caps headers at 128 KiB and the payload at 24 MiB.
 *
 * <p>Why not the library's own {@code MessageDecoder}: in eventstream 1.0.1 it allocates a 2 MiB
 * buffer up front and its size is not settable through the public API, so 1,000 open streams would
 * hold ~2 GB. This framer holds only the unfinished tail of the stream: 8 KiB to start, resized to
 * exactly one message's length when a longer message arrives, and back to 8 KiB after it.
 *
 * <p>Anything that is not a well-formed event stream is reported as the {@link GatewayError} of
 * {@link UpstreamFailures#badResponse}. The prelude CRC is checked as soon as the prelude is in,
 * as the library's decoder does, so that a corrupted length is caught before buffering up to it.
 *
 * <p>One instance per stream; not thread-safe; never blocks. Once {@link #feed} has thrown, the
 * stream is over: feed it nothing more.
 */
final class EventStreamFramer {

    static final int INITIAL_CAPACITY = 8 * 1024;
    /** Prelude (total length, headers length, prelude CRC). */
    private static final int PRELUDE_LENGTH = 12;
    /** Prelude and message CRC: a message with no headers and no payload. */
    static final int MIN_MESSAGE_LENGTH = PRELUDE_LENGTH + 4;
    /** The longest message the specification allows: 128 KiB of headers and 24 MiB of payload. */
    static final int MAX_MESSAGE_LENGTH = MIN_MESSAGE_LENGTH + 128 * 1024 + 24 * 1024 * 1024;

    private final String provider;
    private byte[] buffer = new byte[INITIAL_CAPACITY];
    /** The first byte of buffer not yet decoded. */
    private int start;
    /** One past the last byte of buffer received. */
    private int end;

    EventStreamFramer(String provider) {
        this.provider = provider;
    }

    /**
     * Takes the next bytes of the stream and hands {@code onMessage} each message they complete, in
     * order, before returning. An exception thrown by {@code onMessage} propagates unchanged.
     *
     * @throws GatewayError when the bytes are not a well-formed event stream
     */
    void feed(Buffer bytes, Consumer<Message> onMessage) {
        int at = 0;
        while (at < bytes.length()) {
            int n = Math.min(bytes.length() - at, buffer.length - end);
            bytes.getBytes(at, at + n, buffer, end);
            end += n;
            at += n;
            for (Message message = next(); message != null; message = next()) {
                onMessage.accept(message);
            }
            fit();
        }
    }

    /** The size of the buffer now held, for tests of the memory this costs. */
    int capacity() {
        return buffer.length;
    }

    /** The message at {@code start} if all of it is in, or null. */
    private @Nullable Message next() {
        int pending = end - start;
        if (pending < PRELUDE_LENGTH) {
            return null;
        }
        int length = messageLength();
        if (pending < length) {
            return null;
        }
        Message message;
        try {
            message = Message.decode(ByteBuffer.wrap(buffer, start, length).slice());
        } catch (RuntimeException e) {
            // A CRC mismatch, a headers length past the message, a malformed or unknown header.
            throw malformed(e.getMessage());
        }
        start += length;
        if (start == end) {
            start = 0;
            end = 0;
        }
        return message;
    }

    /** The total length of the message at {@code start}, once its prelude is in and checked. */
    private int messageLength() {
        CRC32 crc = new CRC32();
        crc.update(buffer, start, 8);
        if (crc.getValue() != Integer.toUnsignedLong(readInt(start + 8))) {
            throw malformed("prelude checksum failure");
        }
        int length = readInt(start);
        // Unsigned on the wire: a length of 2^31 or more reads as negative, below the minimum.
        if (length < MIN_MESSAGE_LENGTH || length > MAX_MESSAGE_LENGTH) {
            throw malformed("a message length of " + Integer.toUnsignedString(length) + " bytes");
        }
        return length;
    }

    /**
     * Leaves room for more bytes: sizes the buffer to the unfinished message (at least the initial
     * capacity, so a buffer grown for a long message is given back), or moves that message to the
     * front when it has reached the end of the buffer.
     */
    private void fit() {
        int pending = end - start;
        int capacity = Math.max(INITIAL_CAPACITY, pending >= PRELUDE_LENGTH ? messageLength() : 0);
        if (capacity != buffer.length) {
            byte[] resized = new byte[capacity];
            System.arraycopy(buffer, start, resized, 0, pending);
            buffer = resized;
        } else if (end == buffer.length) {
            System.arraycopy(buffer, start, buffer, 0, pending);
        } else {
            return;
        }
        start = 0;
        end = pending;
    }

    private int readInt(int at) {
        return (buffer[at] & 0xff) << 24
                | (buffer[at + 1] & 0xff) << 16
                | (buffer[at + 2] & 0xff) << 8
                | buffer[at + 3] & 0xff;
    }

    private GatewayError malformed(@Nullable String detail) {
        return UpstreamFailures.badResponse(provider, "a malformed event stream (" + detail + ")");
    }
}
