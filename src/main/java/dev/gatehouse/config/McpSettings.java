package dev.gatehouse.config;

import java.util.List;
import java.util.Map;

/**
 * The MCP gateway ({@code mcp:}): the tool servers aggregated behind {@code /mcp}, and the access
 * rules of config-declared keys and teams (stored keys and teams get theirs through the admin API).
 *
 * @param servers the tool servers, in the file's order; empty means {@code /mcp} serves no tools
 * @param keyAccess access rules by key id
 * @param teamAccess access rules by team id
 */
public record McpSettings(
        List<McpServerSettings> servers, Map<String, McpAccessRule> keyAccess, Map<String, McpAccessRule> teamAccess) {

    public McpSettings {
        servers = List.copyOf(servers);
        keyAccess = Map.copyOf(keyAccess);
        teamAccess = Map.copyOf(teamAccess);
    }

    public static McpSettings none() {
        return new McpSettings(List.of(), Map.of(), Map.of());
    }
}
