package dev.gatehouse.api;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The per-request choices a caller may make through {@code x-gateway-options} (and the older headers
 * that mean the same), each by its wire name. An admin restricts per key which of them a key may use.
 */
public enum RequestOption {
    PROVIDER("provider"),
    DEPLOYMENT("deployment"),
    STRATEGY("strategy"),
    FALLBACKS("fallbacks"),
    TIMEOUT("timeout"),
    FIRST_BYTE_TIMEOUT("first_byte_timeout"),
    RETRIES("retries"),
    CACHE("cache"),
    TAGS("tags"),
    METADATA("metadata"),
    /** A prompt template to render (also the body's {@code prompt} field). */
    PROMPT("prompt"),
    /** How urgent the request is (also {@code x-gatehouse-priority}); which levels a key may ask for is its own setting. */
    PRIORITY("priority");

    /**
     * What a key may use when its admin chose nothing: every option except the pins. A pin sends a
     * request past the routing the operator configured (weights, cost order, canaries), so it is
     * granted explicitly; the others only tighten limits, pick among the key's own models, or label
     * the request.
     */
    public static final Set<RequestOption> DEFAULT_ALLOWED =
            Set.copyOf(EnumSet.complementOf(EnumSet.of(PROVIDER, DEPLOYMENT)));

    /** Every option: what admin keys and the master key may use. */
    public static final Set<RequestOption> ALL = Set.copyOf(EnumSet.allOf(RequestOption.class));

    private final String wire;

    RequestOption(String wire) {
        this.wire = wire;
    }

    /** The option's name in {@code x-gateway-options} and in a key's {@code allowed_options}. */
    public String wire() {
        return wire;
    }

    /** The option of a wire name, or {@code null} when there is none. */
    public static @Nullable RequestOption parse(String wire) {
        for (RequestOption o : values()) {
            if (o.wire.equals(wire)) {
                return o;
            }
        }
        return null;
    }

    public static String choices() {
        return Arrays.stream(values()).map(RequestOption::wire).collect(Collectors.joining(", "));
    }
}
