package dev.gatehouse.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The {@code state.redis} section: one Redis server ({@code mode: standalone}, {@code url}) or the
 * seed nodes of a Redis Cluster ({@code mode: cluster}, {@code nodes}). The client learns the rest
 * of a cluster's nodes from any one seed, so the list need not be complete.
 *
 * @param url the one server; in cluster mode, the first seed node (for messages only)
 * @param clusterNodes the seed nodes; empty in standalone mode
 */
record RedisServers(String url, List<String> clusterNodes) {

    static RedisServers read(@Nullable ConfigNode node, String defaultUrl) {
        if (node == null) {
            return new RedisServers(defaultUrl, List.of());
        }
        String mode = node.string("mode", "standalone").toLowerCase(Locale.ROOT);
        RedisServers servers = switch (mode) {
            case "standalone" -> {
                if (node.has("nodes")) {
                    node.problem("nodes", "is only read with mode: cluster; give one server as url");
                }
                String url = node.string("url", defaultUrl);
                checkUrl(node, "url", url);
                yield new RedisServers(url, List.of());
            }
            case "cluster" -> {
                if (node.has("url")) {
                    node.problem("url", "is only read with mode: standalone; list the cluster's nodes");
                }
                List<String> nodes = new ArrayList<>();
                List<String> written = node.strings("nodes");
                for (int i = 0; i < written.size(); i++) {
                    if (checkUrl(node, "nodes[" + i + "]", written.get(i))) {
                        nodes.add(written.get(i));
                    }
                }
                if (written.isEmpty()) {
                    node.problem("nodes", "mode: cluster needs at least one node, e.g. redis://10.0.0.1:6379");
                }
                yield new RedisServers(nodes.isEmpty() ? defaultUrl : nodes.get(0), nodes);
            }
            default -> {
                node.problem("mode", "must be standalone or cluster, got '" + mode + "'");
                yield new RedisServers(defaultUrl, List.of());
            }
        };
        node.finish();
        return servers;
    }

    /** Whether {@code url} is a redis:// or rediss:// URL with a host; reports it at {@code field} when not. */
    private static boolean checkUrl(ConfigNode node, String field, String url) {
        try {
            URI uri = new URI(url);
            if (("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) && uri.getHost() != null) {
                return true;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        node.problem(field, "must be a redis:// or rediss:// URL with a host, e.g. redis://10.0.0.1:6379");
        return false;
    }
}
