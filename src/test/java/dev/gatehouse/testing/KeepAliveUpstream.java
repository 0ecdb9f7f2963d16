package dev.gatehouse.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible HTTP/1.1 upstream with a short keep-alive, that loses the keep-alive race the
 * way a real server does: a request that arrives on a connection idle for {@code keepAlive} or
 * longer is read and never answered, and the connection is closed (or reset) under it, as when the
 * server's idle timer fired while the request was on its way. Other requests get {@code body} as a
 * JSON 200 and keep the connection open. With {@link Duration#ZERO} every reused connection loses
 * the race, so a test needs no waiting to meet it.
 */
public final class KeepAliveUpstream implements AutoCloseable {

    /** How the server gives up a connection it considers expired. */
    public enum Close {
        /** An orderly close (FIN). */
        CLOSE,
        /** A reset (RST): what a peer's kernel answers data on a socket already closed. */
        RESET
    }

    private final ServerSocket server;
    private final Duration keepAlive;
    private final Close close;
    private final String body;
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger closedUnderARequest = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();

    public KeepAliveUpstream(Duration keepAlive, Close close, String body) throws IOException {
        this.keepAlive = keepAlive;
        this.close = close;
        this.body = body;
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "keep-alive-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    /** Requests answered with a 200. */
    public int answered() {
        return answered.get();
    }

    /** Requests whose connection was closed or reset under them instead of an answer. */
    public int closedUnderARequest() {
        return closedUnderARequest.get();
    }

    /** Connections accepted. */
    public int connections() {
        return connections.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                Thread serve = new Thread(() -> serve(socket), "keep-alive-upstream-conn");
                serve.setDaemon(true);
                serve.start();
            } catch (IOException e) {
                // The server socket closed: the test is over.
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            long idleSince = -1;
            while (true) {
                if (!readRequest(in)) {
                    return;
                }
                if (idleSince >= 0 && System.nanoTime() - idleSince >= keepAlive.toNanos()) {
                    closedUnderARequest.incrementAndGet();
                    if (close == Close.RESET) {
                        socket.setSoLinger(true, 0);
                    }
                    return;
                }
                byte[] payload = body.getBytes(StandardCharsets.UTF_8);
                // Counted before the answer leaves, so a client that has read it never sees it uncounted.
                answered.incrementAndGet();
                out.write(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: " + payload.length
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(payload);
                out.flush();
                idleSince = System.nanoTime();
            }
        } catch (IOException e) {
            // The gateway closed the connection: nothing more to serve on it.
        }
    }

    /** Reads one request (head and a content-length body); false at the end of the connection. */
    private static boolean readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return false;
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        int length = 0;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(
                        line.substring("content-length:".length()).trim());
            }
        }
        return in.readNBytes(length).length == length;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
