package dev.gatehouse.mcp;

import dev.gatehouse.auth.Principal;
import dev.gatehouse.config.McpAccessRule;
import dev.gatehouse.config.McpSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may use which tools: the access rules of keys and teams, from the config file and the store
 * (a stored rule replaces the file's rule for the same key or team). A call is allowed when the
 * key's rule and its team's rule both allow it; a key or team without a rule is not restricted.
 * Immutable; rebuilt when the config or the stored rules change, so no request reads the store.
 */
final class McpAccess {

    static final McpAccess OPEN = new McpAccess(Map.of(), Map.of());

    private final Map<String, McpAccessRule> keys;
    private final Map<String, McpAccessRule> teams;

    private McpAccess(Map<String, McpAccessRule> keys, Map<String, McpAccessRule> teams) {
        this.keys = Map.copyOf(keys);
        this.teams = Map.copyOf(teams);
    }

    static McpAccess of(McpSettings config, List<McpAccessStore.StoredRule> stored) {
        Map<String, McpAccessRule> keys = new HashMap<>(config.keyAccess());
        Map<String, McpAccessRule> teams = new HashMap<>(config.teamAccess());
        for (McpAccessStore.StoredRule rule : stored) {
            (rule.scope() == McpAccessStore.Scope.KEY ? keys : teams).put(rule.id(), rule.rule());
        }
        return new McpAccess(keys, teams);
    }

    boolean permits(Principal principal, String server, String tool) {
        McpAccessRule key = keys.getOrDefault(principal.keyId(), McpAccessRule.OPEN);
        String teamId = principal.teamId();
        McpAccessRule team = teamId == null ? McpAccessRule.OPEN : teams.getOrDefault(teamId, McpAccessRule.OPEN);
        return key.permits(server, tool) && team.permits(server, tool);
    }
}
