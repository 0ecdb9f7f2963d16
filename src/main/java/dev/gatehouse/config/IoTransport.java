package dev.gatehouse.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * How the gateway's sockets do their I/O ({@code server.io_transport}): Linux's io_uring or epoll
 * through Netty's native transports, or the JDK's NIO selector that runs anywhere. The native ones
 * cost the event loop about half as much per proxied request; {@link #AUTO} takes the first this
 * machine allows (io_uring is often switched off in containers by their seccomp profile).
 */
public enum IoTransport {
    AUTO,
    IO_URING,
    EPOLL,
    NIO;

    /** The name in the config file. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The transport named {@code name} in the config file, or {@code null} for an unknown name. */
    public static @Nullable IoTransport parse(String name) {
        for (IoTransport t : values()) {
            if (t.configName().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The config names, for an error that lists them. */
    public static String choices() {
        return Arrays.stream(values()).map(IoTransport::configName).collect(Collectors.joining(", "));
    }
}
