package dev.gatehouse.dispatch;

import io.vertx.core.http.RequestOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request options for an upstream URL, parsed once per distinct URL: {@code setAbsoluteURI} runs
 * {@code java.net.URL}'s parser, which cost about 2% of the event loop per proxied request for the
 * same few URLs (one per deployment and endpoint). Thread-safe.
 */
final class UpstreamTargets {

    /** More distinct URLs than any config has routes for: past it the cache starts over. */
    private static final int MAX_URLS = 1024;

    /** Where a URL points, as {@code setAbsoluteURI} would set it. */
    private record Target(String host, int port, boolean ssl, String uri) {}

    private final Map<String, Target> byUrl = new ConcurrentHashMap<>();

    /** New options aimed at {@code url} (host, port, TLS and path with query), to fill in further. */
    RequestOptions options(String url) {
        Target target = byUrl.get(url);
        if (target == null) {
            RequestOptions parsed = new RequestOptions().setAbsoluteURI(url);
            Boolean ssl = parsed.isSsl();
            Integer port = parsed.getPort();
            target = new Target(parsed.getHost(), port, ssl != null && ssl, parsed.getURI());
            if (byUrl.size() >= MAX_URLS) {
                byUrl.clear();
            }
            byUrl.put(url, target);
        }
        return new RequestOptions()
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.ssl())
                .setURI(target.uri());
    }
}
