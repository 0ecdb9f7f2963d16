package dev.gatehouse.config;

import java.util.List;

/**
 * Which tool servers and tools one key or team may use through {@code /mcp}. Entries are names or
 * {@code *} patterns ({@link Glob}); tools are named as clients see them, {@code <server>__<tool>}.
 * An empty allow list allows everything; a deny entry always wins over an allow entry.
 */
public record McpAccessRule(
        List<String> allowServers, List<String> denyServers, List<String> allowTools, List<String> denyTools) {

    public static final McpAccessRule OPEN = new McpAccessRule(List.of(), List.of(), List.of(), List.of());

    public McpAccessRule {
        allowServers = List.copyOf(allowServers);
        denyServers = List.copyOf(denyServers);
        allowTools = List.copyOf(allowTools);
        denyTools = List.copyOf(denyTools);
    }

    /** Whether this rule lets a caller use {@code tool} (the prefixed name) of {@code server}. */
    public boolean permits(String server, String tool) {
        return allowed(allowServers, denyServers, server) && allowed(allowTools, denyTools, tool);
    }

    private static boolean allowed(List<String> allow, List<String> deny, String name) {
        for (String d : deny) {
            if (Glob.matches(d, name)) {
                return false;
            }
        }
        if (allow.isEmpty()) {
            return true;
        }
        for (String a : allow) {
            if (Glob.matches(a, name)) {
                return true;
            }
        }
        return false;
    }
}
