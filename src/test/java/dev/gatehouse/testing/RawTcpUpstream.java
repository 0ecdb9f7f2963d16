package dev.gatehouse.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An upstream that breaks HTTP itself: after reading the request head it writes raw bytes that are
 * not valid HTTP, or resets the connection. For the failures a well-behaved fake cannot produce.
 */
public final class RawTcpUpstream implements AutoCloseable {

    private final ServerSocket server;
    private final Thread acceptor;

    /** @param reply bytes written after the request head; {@code null} resets the connection instead */
    public RawTcpUpstream(String reply) throws IOException {
        server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        acceptor = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try (Socket socket = server.accept()) {
                            readHead(socket.getInputStream());
                            if (reply == null) {
                                socket.setSoLinger(true, 0);
                            } else {
                                socket.getOutputStream().write(reply.getBytes(StandardCharsets.ISO_8859_1));
                                socket.getOutputStream().flush();
                            }
                        } catch (IOException e) {
                            // The server socket closed, or the gateway hung up first: both end this connection.
                        }
                    }
                },
                "raw-tcp-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
