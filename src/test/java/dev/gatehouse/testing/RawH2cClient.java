package dev.gatehouse.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Sends one HTTP/2 request in cleartext with prior knowledge, framed by hand, so a test can send
 * what a hostile client could but every real client library refuses to (a header value holding a
 * NUL). HTTP/1.1's parser rejects such a header before the gateway sees it; HTTP/2's does not.
 */
public final class RawH2cClient {

    private static final int DATA = 0;
    private static final int HEADERS = 1;
    private static final int RST_STREAM = 3;
    private static final int SETTINGS = 4;
    private static final int GOAWAY = 7;
    private static final int END_STREAM = 1;
    private static final int END_HEADERS = 4;
    private static final int ACK = 1;
    private static final int PADDED = 8;
    private static final int PRIORITY = 0x20;

    /** The answer: its status, headers and body. */
    public record Response(int status, Map<String, String> headers, String body) {}

    private RawH2cClient() {}

    /** POSTs {@code body} to {@code path} with {@code headers} as given, unchecked. */
    public static Response post(int port, String path, Map<String, String> headers, String body) throws IOException {
        Http2Headers request = new DefaultHttp2Headers(false);
        request.method("POST").scheme("http").path(path).authority("127.0.0.1:" + port);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        request.add("content-length", Integer.toString(bytes.length));
        headers.forEach(request::add);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            frame(out, SETTINGS, 0, 0, new byte[0]);
            frame(out, HEADERS, END_HEADERS, 1, encode(request));
            frame(out, DATA, END_STREAM, 1, bytes);
            out.flush();
            return read(new DataInputStream(socket.getInputStream()), out);
        }
    }

    private static Response read(DataInputStream in, OutputStream out) throws IOException {
        DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
        Http2Headers answer = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            byte[] head = new byte[9];
            in.readFully(head);
            int length = ((head[0] & 0xff) << 16) | ((head[1] & 0xff) << 8) | (head[2] & 0xff);
            int type = head[3];
            int flags = head[4];
            byte[] payload = new byte[length];
            in.readFully(payload);
            if (type == SETTINGS && (flags & ACK) == 0) {
                frame(out, SETTINGS, ACK, 0, new byte[0]);
            } else if (type == HEADERS) {
                try {
                    answer = decoder.decodeHeaders(1, headerBlock(payload, flags));
                } catch (Http2Exception e) {
                    throw new IOException("undecodable response headers", e);
                }
            } else if (type == DATA) {
                body.write(payload);
            } else if (type == RST_STREAM || type == GOAWAY) {
                throw new IOException("the server ended the stream (frame type " + type + ")");
            }
            if ((type == DATA || type == HEADERS) && (flags & END_STREAM) != 0) {
                break;
            }
        }
        Map<String, String> headers = new java.util.HashMap<>();
        answer.forEach(h -> headers.put(h.getKey().toString(), h.getValue().toString()));
        return new Response(
                Integer.parseInt(answer.status().toString()), headers, body.toString(StandardCharsets.UTF_8));
    }

    /** The header block of a HEADERS frame's payload, without its padding and priority fields. */
    private static ByteBuf headerBlock(byte[] payload, int flags) {
        int start = 0;
        int padding = 0;
        if ((flags & PADDED) != 0) {
            padding = payload[0] & 0xff;
            start = 1;
        }
        if ((flags & PRIORITY) != 0) {
            start += 5;
        }
        return Unpooled.wrappedBuffer(payload, start, payload.length - start - padding);
    }

    private static byte[] encode(Http2Headers headers) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        try {
            new DefaultHttp2HeadersEncoder().encodeHeaders(1, headers, buf);
        } catch (Http2Exception e) {
            throw new IOException("cannot encode the request headers", e);
        }
        byte[] block = new byte[buf.readableBytes()];
        buf.readBytes(block);
        return block;
    }

    private static void frame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        int n = payload.length;
        out.write(new byte[] {
            (byte) (n >> 16),
            (byte) (n >> 8),
            (byte) n,
            (byte) type,
            (byte) flags,
            (byte) (stream >> 24),
            (byte) (stream >> 16),
            (byte) (stream >> 8),
            (byte) stream
        });
        out.write(payload);
    }
}
