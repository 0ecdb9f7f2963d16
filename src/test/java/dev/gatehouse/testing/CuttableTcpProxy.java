package dev.gatehouse.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a shared server (the test Redis) that a test can cut and restore, to
 * simulate that server's outage for the gateways behind the proxy without disturbing anyone else
 * who uses the server. While cut, open connections are closed and new ones are closed on arrival,
 * so clients fail at once rather than waiting out a timeout. Thread-safe.
 */
public final class CuttableTcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    private CuttableTcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread accepting = new Thread(this::accept, "tcp-proxy-accept");
        accepting.setDaemon(true);
        accepting.start();
    }

    /** A proxy to the server a {@code redis://host:port} URL names. */
    public static CuttableTcpProxy toRedis(String redisUrl) throws IOException {
        URI uri = URI.create(redisUrl);
        return new CuttableTcpProxy(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
    }

    /** The URL that reaches the server through this proxy. */
    public String redisUrl() {
        return "redis://127.0.0.1:" + listener.getLocalPort();
    }

    /** The outage begins: every connection through the proxy is closed, and new ones are refused. */
    public synchronized void cut() {
        cut = true;
        open.forEach(CuttableTcpProxy::closeQuietly);
        open.clear();
    }

    /** The outage ends: new connections reach the server again. */
    public synchronized void restore() {
        cut = false;
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            try {
                Socket server = new Socket(targetHost, targetPort);
                synchronized (this) {
                    if (cut) {
                        closeQuietly(client);
                        closeQuietly(server);
                        continue;
                    }
                    open.add(client);
                    open.add(server);
                }
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /** Copies bytes one way until either side closes, then closes both. */
    private void pump(Socket from, Socket to) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // the connection was cut or closed: close both sides below
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cut();
    }
}
