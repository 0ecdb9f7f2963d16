package dev.gatehouse.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Reads the {@code mcp:} section: its servers and the access rules of config keys and teams. */
final class McpSettingsReader {

    /** Letters a tool-name prefix may hold; {@code __} is the separator, so a name may not contain it. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    private McpSettingsReader() {}

    static McpSettings read(@Nullable ConfigNode node) {
        if (node == null) {
            return McpSettings.none();
        }
        Set<String> names = new HashSet<>();
        List<McpServerSettings> servers = node.objectList("servers", s -> server(s, names));
        ConfigNode access = node.object("access");
        Map<String, McpAccessRule> keys = new LinkedHashMap<>();
        Map<String, McpAccessRule> teams = new LinkedHashMap<>();
        if (access != null) {
            keys = access.namedObjects("keys", (id, rule) -> rule(rule));
            teams = access.namedObjects("teams", (id, rule) -> rule(rule));
            access.finish();
        }
        node.finish();
        return new McpSettings(servers, keys, teams);
    }

    static McpAccessRule rule(ConfigNode node) {
        return new McpAccessRule(
                node.strings("allow_servers"),
                node.strings("deny_servers"),
                node.strings("allow_tools"),
                node.strings("deny_tools"));
    }

    private static @Nullable McpServerSettings server(ConfigNode node, Set<String> names) {
        String name = required(node, "name");
        if (!NAME.matcher(name).matches() || name.contains("__")) {
            node.problem(
                    "name",
                    "must be lowercase letters, digits, '-' and '_', without '__' (it prefixes tool names as <name>__<tool>)");
        } else if (!names.add(name)) {
            node.problem("name", "'" + name + "' is used by another server");
        }
        String transportText = node.string("transport", "streamable_http");
        McpServerSettings.Transport transport = null;
        for (McpServerSettings.Transport t : McpServerSettings.Transport.values()) {
            if (t.wireName().equals(transportText.toLowerCase(Locale.ROOT))) {
                transport = t;
            }
        }
        if (transport == null) {
            node.problem("transport", "must be streamable_http, sse or stdio, not '" + transportText + "'");
            transport = McpServerSettings.Transport.STREAMABLE_HTTP;
        }
        String url = node.string("url", false);
        List<String> command = new java.util.ArrayList<>();
        if (node.has("command")) {
            command.add(required(node, "command"));
        }
        command.addAll(node.strings("args"));
        Map<String, String> env = node.stringMap("env");
        Map<String, String> headers = node.stringMap("headers");
        McpServerSettings.OAuth oauth = oauth(node.object("oauth"));
        if (transport == McpServerSettings.Transport.STDIO) {
            if (command.isEmpty()) {
                node.problem("command", "is required for a stdio server");
            }
            if (url != null) {
                node.problem("url", "is not used by a stdio server (it runs 'command')");
            }
            if (!headers.isEmpty() || oauth != null) {
                node.problem(null, "a stdio server takes no headers or oauth; pass credentials in 'env'");
            }
        } else {
            if (url == null) {
                node.problem("url", "is required for a " + transport.wireName() + " server");
            } else if (!url.startsWith("http://") && !url.startsWith("https://")) {
                node.problem("url", "must be an http:// or https:// URL");
            }
            if (!command.isEmpty() || !env.isEmpty()) {
                node.problem(null, "'command', 'args' and 'env' are for stdio servers only");
            }
        }
        Duration timeout = node.duration("timeout", McpServerSettings.DEFAULT_TIMEOUT);
        int threshold = McpServerSettings.DEFAULT_FAILURE_THRESHOLD;
        Duration cooldown = McpServerSettings.DEFAULT_COOLDOWN;
        ConfigNode breaker = node.object("breaker");
        if (breaker != null) {
            threshold = breaker.integer("failures", threshold, 1, 1000);
            cooldown = breaker.duration("cooldown", cooldown);
            breaker.finish();
        }
        Map<String, Long> toolRpm = new LinkedHashMap<>();
        ConfigNode rpm = node.object("tool_rpm");
        if (rpm != null) {
            for (String tool : rpm.fieldNames()) {
                toolRpm.put(tool, (long) rpm.integer(tool, 1, 1, Integer.MAX_VALUE));
            }
            rpm.finish();
        }
        return new McpServerSettings(
                name, transport, url, command, env, headers, oauth, timeout, threshold, cooldown, toolRpm);
    }

    /** A required string; empty (and reported) when missing, so reading goes on to find more problems. */
    private static String required(ConfigNode node, String field) {
        String value = node.string(field, true);
        return value == null ? "" : value;
    }

    private static McpServerSettings.@Nullable OAuth oauth(@Nullable ConfigNode node) {
        if (node == null) {
            return null;
        }
        String tokenUrl = required(node, "token_url");
        if (!tokenUrl.startsWith("http://") && !tokenUrl.startsWith("https://")) {
            node.problem("token_url", "must be an http:// or https:// URL");
        }
        McpServerSettings.OAuth oauth = new McpServerSettings.OAuth(
                tokenUrl, required(node, "client_id"), required(node, "client_secret"), node.string("scope", false));
        node.finish();
        return oauth;
    }
}
