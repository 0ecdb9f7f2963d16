package dev.gatehouse.ui;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's scripts and styles: htmx and uPlot from their WebJars and the dashboard's own files,
 * read from the classpath once ({@link #load}, blocking: at start, on a worker) and served from
 * memory under {@code /ui/assets/<version>/}. The version is a hash of every file, so a path never
 * changes content and browsers may keep it for a year.
 */
public final class UiAssets {

    private static final String WEBJARS = "META-INF/resources/webjars/";
    private static final Map<String, String> FILES = Map.of(
            "htmx.min.js", WEBJARS + "htmx.org/2.0.4/dist/htmx.min.js",
            "uPlot.iife.min.js", WEBJARS + "uplot/1.6.30/dist/uPlot.iife.min.js",
            "uPlot.min.css", WEBJARS + "uplot/1.6.30/dist/uPlot.min.css",
            "dashboard.js", "dev/gatehouse/ui/dashboard.js",
            "dashboard.css", "dev/gatehouse/ui/dashboard.css");

    private record Asset(Buffer bytes, String contentType) {}

    private final Map<String, Asset> assets;
    private final String version;

    private UiAssets(Map<String, Asset> assets, String version) {
        this.assets = assets;
        this.version = version;
    }

    /** Reads every asset from the classpath. Blocking. */
    public static UiAssets load() {
        Map<String, Asset> assets = new LinkedHashMap<>();
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (String name : FILES.keySet().stream().sorted().toList()) {
            byte[] bytes = read(java.util.Objects.requireNonNull(FILES.get(name)));
            digest.update(bytes);
            String type = name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            assets.put(name, new Asset(Buffer.buffer(bytes), type));
        }
        return new UiAssets(assets, HexFormat.of().formatHex(digest.digest()).substring(0, 12));
    }

    private static byte[] read(String resource) {
        try (InputStream in = UiAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("dashboard asset missing from the classpath: " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path of an asset, with the version: {@code /ui/assets/3f2a.../dashboard.js}. */
    String path(String name) {
        return "/ui/assets/" + version + "/" + name;
    }

    void serve(RoutingContext ctx) {
        Asset asset = assets.get(ctx.pathParam("name"));
        if (asset == null || !version.equals(ctx.pathParam("version"))) {
            UiHeaders.secure(ctx.response());
            ctx.response()
                    .setStatusCode(404)
                    .putHeader("content-type", "text/plain")
                    .end("not found");
            return;
        }
        UiHeaders.secure(ctx.response());
        ctx.response()
                .putHeader("content-type", asset.contentType())
                .putHeader("cache-control", "public, max-age=31536000, immutable")
                .end(asset.bytes());
    }
}
