package dev.gatehouse.server;

import dev.gatehouse.config.IoTransport;
import io.vertx.core.Vertx;
import io.vertx.core.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the gateway's Vert.x instance on the socket transport {@code server.io_transport} asks
 * for. Measured on a proxied request (BENCHMARKS.md, session 12), io_uring costs the event loop
 * about half what the JDK's NIO selector does, because it submits and completes reads and writes in
 * batches instead of one system call each; epoll sits between. {@link IoTransport#AUTO} takes io_uring,
 * else epoll, else NIO, and logs what it took and why the faster ones were not available; a transport
 * named in the config that this machine cannot use fails the start with the kernel's reason.
 */
public final class IoTransports {

    private static final Logger LOG = LoggerFactory.getLogger(IoTransports.class);

    private IoTransports() {}

    /** A Vert.x instance on {@code wanted}; the caller closes it. */
    public static Vertx vertx(IoTransport wanted) {
        Transport transport = choose(wanted);
        return Vertx.builder().withTransport(transport).build();
    }

    /**
     * The transport {@code wanted} stands for on this machine.
     *
     * @throws IllegalStateException when {@code wanted} names a transport this machine cannot use
     */
    private static Transport choose(IoTransport wanted) {
        return switch (wanted) {
            case IO_URING -> required(Transport.IO_URING, wanted);
            case EPOLL -> required(Transport.EPOLL, wanted);
            case NIO -> {
                LOG.info("I/O transport: nio (server.io_transport)");
                yield Transport.NIO;
            }
            case AUTO -> firstAvailable();
        };
    }

    private static Transport required(Transport transport, IoTransport wanted) {
        if (!usable(transport)) {
            throw new IllegalStateException("server.io_transport: " + wanted.configName()
                    + " is not available on this machine (" + reason(transport) + "); use auto or nio");
        }
        LOG.info("I/O transport: {} (server.io_transport)", wanted.configName());
        return transport;
    }

    private static Transport firstAvailable() {
        if (usable(Transport.IO_URING)) {
            LOG.info("I/O transport: io_uring");
            return Transport.IO_URING;
        }
        if (usable(Transport.EPOLL)) {
            LOG.info("I/O transport: epoll (io_uring is not available: {})", reason(Transport.IO_URING));
            return Transport.EPOLL;
        }
        LOG.info(
                "I/O transport: nio (io_uring is not available: {}; epoll is not available: {})",
                reason(Transport.IO_URING),
                reason(Transport.EPOLL));
        return Transport.NIO;
    }

    /** Vert.x leaves a native transport's constant null when its Netty classes are missing. */
    @SuppressWarnings("ConstantValue")
    private static boolean usable(Transport transport) {
        return transport != null && transport.available();
    }

    private static String reason(Transport transport) {
        if (transport == null) {
            return "its Netty classes are not on the class path";
        }
        Throwable cause = transport.unavailabilityCause();
        if (cause == null) {
            return "unknown reason";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
